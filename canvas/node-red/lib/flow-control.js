// Backpressure for a node that sends many messages (a Query of a million records).
// Node-RED has no flow control of its own: send() queues a delivery and returns. So:
//  - after each message the node waits one turn of the event loop, in which Node-RED
//    delivers it: nothing piles up in the runtime's delivery queue and synchronous
//    downstream nodes keep pace;
//  - where the runtime offers hooks, it also waits while a node wired to it holds
//    `window` of its messages it has not completed (done() called), so an asynchronous
//    consumer (file out, http request) sets the pace.
// Some nodes hold messages by design until a group is whole (join, batch, sort), and nodes
// written before Node-RED 1.0 never complete one: those are not waited for, named up front
// by type or found when one completes nothing for STALL_MS while the node waits on it.
'use strict';

const { counted } = require('./messages');

const HOLDERS = new Set(['join', 'batch', 'sort']);
const STALL_MS = 5000;
const HOOK = 'onComplete.twilioConnectorFlowControl';

// Runs waiting on completions, by the prefix of the message ids they give their messages.
const runs = new Map();
let hooks; // the runtime's hooks while the shared hook is registered

function onComplete(event) {
  const id = event && event.msg && event.msg._msgid;
  if (typeof id !== 'string') return;
  const run = runs.get(id.slice(0, 8));
  if (run) run.completed(event.node && event.node.id);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

class FlowControl {
  /** `window`: messages a downstream node may hold uncompleted before this node waits (0: no waiting on completions). */
  constructor(RED, node, window) {
    this.RED = RED;
    this.node = node;
    this.window = window;
    this.targets = new Map(); // node id → { outstanding, paced, label }
    this.counter = 0;
    this.prefix = RED.util.generateId().slice(0, 8);
    this.wake = undefined;
    this.stopped = false;
    this.tracking = Boolean(window > 0 && RED.hooks && typeof RED.hooks.add === 'function');
    if (this.tracking) {
      if (runs.size === 0) {
        hooks = RED.hooks;
        hooks.add(HOOK, onComplete);
      }
      runs.set(this.prefix, this);
    }
  }

  target(id) {
    let t = this.targets.get(id);
    if (!t) {
      const n = this.RED.nodes.getNode(id);
      const type = (n && n.type) || '';
      t = {
        outstanding: 0,
        completions: 0,
        paced: Boolean(n) && !HOLDERS.has(type) && !type.startsWith('subflow:'),
        label: `${(n && n.name) || type || id} (${id})`,
      };
      this.targets.set(id, t);
    }
    return t;
  }

  /** Gives the message an id this node recognises when a downstream node completes it. */
  stamp(msg) {
    msg._msgid = this.prefix + (this.counter++).toString(16).padStart(8, '0');
    return msg;
  }

  /** After sending `msg` on output `port`: waits until the flow is ready for the next one. */
  async sent(port) {
    if (this.tracking) for (const id of this.node.wires[port] || []) this.target(id).outstanding++;
    await turn();
    while (!this.stopped && this.tracking) {
      const full = this.full();
      if (!full) return;
      await this.waitFor(full);
    }
  }

  full() {
    for (const t of this.targets.values()) if (t.paced && t.outstanding >= this.window) return t;
    return undefined;
  }

  /** Waits until `target` completes messages; one that completes none for STALL_MS is no longer waited for. */
  async waitFor(target) {
    this.node.status({ fill: 'blue', shape: 'ring', text: `waiting for ${target.label}: ${counted(target.outstanding, 'message')} in flight` });
    let seen = target.completions;
    let deadline = Date.now() + STALL_MS;
    while (!this.stopped && target.paced && target.outstanding >= this.window) {
      const left = deadline - Date.now();
      if (left <= 0) {
        target.paced = false;
        this.node.warn(
          `flow control: ${target.label} completed none of ${counted(target.outstanding, 'message')} in ${STALL_MS / 1000} s; no longer waiting for it`,
        );
        return;
      }
      let timer;
      await new Promise((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
      this.wake = undefined;
      if (target.completions !== seen) {
        seen = target.completions;
        deadline = Date.now() + STALL_MS;
      }
    }
  }

  completed(id) {
    const t = this.targets.get(id);
    if (!t) return;
    t.completions++;
    if (t.outstanding > 0) t.outstanding--;
    if (this.wake) this.wake();
  }

  stop() {
    this.stopped = true;
    if (this.wake) this.wake();
    if (this.tracking && runs.delete(this.prefix) && runs.size === 0) {
      hooks.remove(HOOK);
      hooks = undefined;
    }
  }
}

module.exports = { FlowControl, HOLDERS, STALL_MS };
