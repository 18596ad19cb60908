// twilio-operation: one action on one object type per message. msg.payload holds the
// inputs (lib/messages.js); every input gets exactly one result and every document its
// own message, on the output of its fate: 1 SUCCESS, 2 APPLICATION_ERROR, 3 FAILURE.
// Messages are handled one at a time, in order; a close of the flow cancels the one running.
// A Query's SUCCESS documents form a sequence (msg.parts) that a join node can collect.
module.exports = function (RED) {
  'use strict';
  const { ACTIONS, catalog } = require('twilio-connector');
  const { connectorFor } = require('../lib/connection');
  const { operationOptions } = require('../lib/options');
  const { Unfit, kind: kindOf, inputsOf, inputPayload, outputMessage, sequencePart, counted } = require('../lib/messages');
  const { FlowControl } = require('../lib/flow-control');
  const { catalogEndpoints } = require('../lib/admin');

  const OUTPUT = { SUCCESS: 0, APPLICATION_ERROR: 1, FAILURE: 2 };
  const DEFAULT_WINDOW = 1000;
  const STATUS_EVERY_MS = 500;
  // A Query's last two documents are held back until the next event: the last may turn out to be
  // the application error document, and the one before it is then the last SUCCESS document,
  // which must carry parts.count for a join downstream to complete.
  const QUERY_HELD_BACK = 2;

  /** What is wrong with the node's own settings, checked at deploy; undefined when nothing is. */
  function configProblem(settings) {
    try {
      if (settings.objectType) {
        const type = catalog().describe(settings.objectType);
        if (settings.action && !type.actions.includes(settings.action)) return `${type.name} offers ${type.actions.join(', ')}, not ${settings.action}`;
      }
      if (settings.action && !ACTIONS.includes(settings.action)) return `unknown action '${settings.action}'`;
      if (settings.action && settings.objectType) operationOptions(settings);
    } catch (err) {
      return err.message;
    }
    return undefined;
  }

  /** Why a message's object type (the node's, else msg.objectType) cannot be one; undefined when it can. */
  function objectTypeProblem(objectType) {
    if (objectType === undefined || objectType === null || objectType === '') return 'no object type: set it in the node or in msg.objectType';
    if (typeof objectType !== 'string') return `msg.objectType must be the name of an object type (text), not ${kindOf(objectType)}`;
    return undefined;
  }

  function TwilioOperationNode(config) {
    RED.nodes.createNode(this, config);
    operate(this, config);
  }

  /** A node's behaviour: its queue of messages, the run of each, and its close. */
  function operate(node, config) {
    const settings = { action: config.action || '', objectType: config.objectType || '', options: config.options || {} };
    const window = config.window === undefined || config.window === '' ? DEFAULT_WINDOW : Number(config.window);
    const connectionNode = config.connection ? RED.nodes.getNode(config.connection) : null;
    const connectionLabel = connectionNode && `"${connectionNode.name || connectionNode.type}" (${connectionNode.id})`;
    const queue = [];
    let connecting;
    let warnedConnector; // the sandbox connector a selected connection gave, once warned about
    let ownOperation; // for the node's settings, reused by every message that does not override them
    let active; // the run in progress: { cancel(): Promise }
    let closing = false;

    // A connection selected but not deployed (a flow imported without it, the config node deleted):
    // the sandbox would serve what was meant for Twilio, so every input fails instead.
    const connectionMissing =
      config.connection && !connectionNode
        ? `the connection config node ${config.connection} is missing: select a connection in the node (none for the embedded sandbox), or import the flow with its config node, and deploy`
        : undefined;
    const problem = connectionMissing ? `the connection config node ${config.connection} is missing` : configProblem(settings);
    node.status(problem ? { fill: 'red', shape: 'ring', text: problem } : {});

    /** The library connector, and the embedded sandbox's URL when that serves: { connector, sandbox }. */
    async function connection() {
      if (connectionMissing) throw new Error(connectionMissing);
      if (!connecting) {
        connecting = connectionNode
          ? connectionNode.connector()
          : connectorFor(
              {},
              (line) => node.log(line),
              (line) => node.warn(line),
            );
        connecting.catch(() => (connecting = undefined));
      }
      const connected = await connecting;
      if (connected.sandbox && connectionNode && warnedConnector !== connected.connector) {
        warnedConnector = connected.connector;
        node.warn(
          `connection ${connectionLabel} has no credentials, so the embedded sandbox at ${connected.sandbox} serves this node, not Twilio. ` +
            'If it should have some: the flow was probably copied or imported without its credentials (flows_cred.json), ' +
            'or Node-RED could not decrypt them (a changed credentialSecret); enter them again in the connection and deploy.',
        );
      }
      return connected;
    }

    /** What the status adds when the embedded sandbox serves a selected connection (no credentials). */
    function sandboxNote(served) {
      return served && connectionNode ? `; embedded sandbox: ${connectionLabel} has no credentials` : '';
    }

    node.on('input', (msg, send, done) => {
      if (closing) return done();
      queue.push({ msg, send, done });
      if (!active) drain();
    });

    async function drain() {
      while (queue.length && !closing) {
        const job = queue.shift();
        const control = { cancelled: false, operation: undefined, flow: undefined };
        const finished = run(job, control).catch((err) => job.done(err));
        active = {
          cancel() {
            control.cancelled = true;
            if (control.flow) control.flow.stop();
            if (control.operation) control.operation.close();
            return finished;
          },
        };
        await finished;
      }
      active = undefined;
    }

    async function run({ msg, send, done }, control) {
      const action = settings.action || msg.action;
      const objectType = settings.objectType || msg.objectType;
      const payload = msg.payload;
      const label = `${action || '?'} ${objectType || '?'}`;
      const stats = { documents: 0, SUCCESS: 0, APPLICATION_ERROR: 0, FAILURE: 0 };
      const flow = (control.flow = new FlowControl(RED, node, window));
      const typeProblem = objectTypeProblem(objectType);
      const elements = ACTIONS.includes(action)
        ? // Without an object type no input can run: each fails saying so (one of the wrong kind, with its own why).
          inputsOf(action, payload).map((e) => (typeProblem && !(e instanceof Unfit) ? new Unfit(typeProblem) : e))
        : [new Unfit(action ? `unknown action '${action}' (actions: ${ACTIONS.join(', ')})` : 'no action: set it in the node or in msg.action')];
      let served; // the embedded sandbox's URL, when it runs the operation
      // Inputs refused here never reached the library, so no sandbox served them.
      const ranOnSandbox = (input) => Boolean(served) && !(elements[input] instanceof Unfit);
      const twilio = (status, input, extra) => ({ status, action, objectType, input, ...extra, ...(ranOnSandbox(input) && { sandbox: true }) });
      const resultMessage = (body, about) => outputMessage(RED.util.cloneMessage, msg, body, about);
      let lastStatus = 0;

      const emit = async (output, out) => {
        if (control.cancelled) return;
        const outputs = [null, null, null];
        outputs[output] = flow.stamp(out);
        send(outputs);
        await flow.sent(output);
      };
      const failure = (input, message, extra) => {
        stats.FAILURE++;
        return emit(OUTPUT.FAILURE, resultMessage(inputPayload(payload, input), twilio('FAILURE', input, { message, ...extra })));
      };
      const progress = (force) => {
        const now = Date.now();
        if (!force && now - lastStatus < STATUS_EVERY_MS) return;
        lastStatus = now;
        const errors = stats.APPLICATION_ERROR + stats.FAILURE;
        node.status({
          fill: 'blue',
          shape: 'dot',
          text: `${label}: ${counted(stats.documents, 'document')}, ${counted(errors, 'error')}${sandboxNote(served)}`,
        });
      };

      // The library numbers the inputs it is given; `origin` maps them back to payload positions.
      const origin = [];
      const inputs = [];
      elements.forEach((e, i) => {
        if (!(e instanceof Unfit)) {
          origin.push(i);
          inputs.push(e);
        }
      });
      let reported = 0; // Unfit elements before this payload position have had their FAILURE sent
      const unfitBefore = async (position) => {
        for (; reported < position; reported++) if (elements[reported] instanceof Unfit) await failure(reported, elements[reported].message);
      };

      let operation;
      let stopped;
      try {
        if (inputs.length) {
          progress(true);
          try {
            const { connector, sandbox } = await connection();
            const overridden = msg.options !== undefined || !settings.action || !settings.objectType;
            operation = overridden
              ? connector.operation(operationOptions({ ...settings, action, objectType }, msg.options))
              : (ownOperation ??= connector.operation(operationOptions(settings)));
            control.operation = operation;
            served = sandbox;
          } catch (err) {
            // The operation cannot run (unknown object type, bad option, bad connection): each input fails with why.
            for (const position of origin) {
              await unfitBefore(position);
              await failure(position, err.message);
            }
            inputs.length = 0;
          }
        }
        if (inputs.length && !control.cancelled) {
          stopped = await execute(operation, inputs, { origin, payload, resultMessage, emit, failure, unfitBefore, stats, twilio, progress, control });
        }
        await unfitBefore(elements.length);
      } finally {
        flow.stop();
        if (operation && operation !== ownOperation) operation.close();
      }
      if (control.cancelled) return done();
      const errors = stats.APPLICATION_ERROR + stats.FAILURE;
      node.status({
        fill: stats.FAILURE ? 'red' : stats.APPLICATION_ERROR ? 'yellow' : 'green',
        shape: errors ? 'ring' : 'dot',
        text:
          `${label}: ${counted(stats.documents, 'document')}; ${stats.SUCCESS} ok, ` +
          `${counted(stats.APPLICATION_ERROR, 'application error')}, ${counted(stats.FAILURE, 'failure')}${sandboxNote(served)}`,
      });
      done(stopped && stopped.error);
    }

    /**
     * Runs the inputs and sends each event's message. A Query's documents go out as they come,
     * the last two held back (QUERY_HELD_BACK) until the next event says which is the last; other
     * actions' documents wait for their input's result. Returns what stopped the operation, if anything.
     */
    async function execute(operation, inputs, { origin, payload, resultMessage, emit, failure, unfitBefore, stats, twilio, progress, control }) {
      const action = operation.options.action;
      const returned = operation.options.returnApplicationErrors;
      let held = [];
      let results = 0;
      const form = operation.options.documents || 'xml';
      // A Query is one input: its SUCCESS documents are one sequence, numbered as they go out.
      const sequence = action === 'query' ? { id: RED.util.generateId(), next: 0 } : undefined;
      const send = async (status, doc, extra, last = false) => {
        // A record's document names its id; a TwilioError document does not: the input's, as the library read it.
        const id = doc.properties.id ?? operation.inputId(inputs[doc.input]);
        const out = resultMessage(form === 'xml' ? doc.xml : doc.data, twilio(status, origin[doc.input], { id, properties: doc.properties, ...extra }));
        if (form === 'both') out.xml = doc.xml;
        if (status === 'SUCCESS') {
          stats.documents++;
          if (sequence) sequencePart(out, sequence.id, sequence.next++, last);
        }
        await emit(OUTPUT[status], out);
      };
      try {
        for await (const event of operation.execute(inputs)) {
          if (control.cancelled) break;
          if (event.type === 'document') {
            await unfitBefore(origin[event.document.input]);
            held.push(event.document);
            if (action === 'query' && held.length > QUERY_HELD_BACK) await send('SUCCESS', held.shift());
            progress();
            continue;
          }
          const result = event.result;
          const position = origin[result.input];
          results++;
          await unfitBefore(position);
          // A Query's pages may each be retried: attempts are per request, not per document.
          const attempts = action === 'query' ? {} : { attempts: 1 + Number(result.properties['connector.retries'] || 0) };
          // The input's documents are all here: a returned application error's document is the last.
          const errorDocument = result.status === 'APPLICATION_ERROR' && returned;
          const lastSuccess = errorDocument ? held.length - 2 : held.length - 1;
          for (let i = 0; i < held.length; i++) {
            if (i > lastSuccess) await send('APPLICATION_ERROR', held[i], { message: result.message, ...attempts });
            else await send('SUCCESS', held[i], attempts, i === lastSuccess);
          }
          held = [];
          if (result.status === 'FAILURE') {
            await failure(position, result.message, attempts);
            continue;
          }
          stats[result.status]++;
          if (result.status === 'APPLICATION_ERROR' && !errorDocument) {
            // Not returned as a document: Twilio's answer is in the result, and the operation's stop follows.
            const p = result.properties;
            const code = p['twilio.code'] === undefined ? {} : { code: Number(p['twilio.code']) };
            const id = operation.inputId(inputs[result.input]);
            const answer = { ...(id === undefined ? {} : { id }), message: result.message, httpStatus: Number(p['twilio.status']), ...code, ...attempts };
            await emit(OUTPUT.APPLICATION_ERROR, resultMessage(inputPayload(payload, position), twilio('APPLICATION_ERROR', position, answer)));
          }
          if (result.status === 'SUCCESS' && action === 'delete') {
            // Delete returns no document: its input is the message that says it is done, with the id
            // the library read from it (a bare id, or the Sid of an XML or object document).
            const id = operation.inputId(inputs[result.input]);
            await emit(OUTPUT.SUCCESS, resultMessage(inputPayload(payload, position), twilio('SUCCESS', position, { id, ...attempts })));
          }
          progress();
        }
        return undefined;
      } catch (err) {
        // Return Application Error Responses is off and Twilio said no: the operation stops here.
        // The input that stopped it has its result, as has every input sent before; the rest did not run.
        // Anything else is a bug of ours: the input in progress fails with it, its documents first.
        for (let i = 0; i < held.length; i++) await send('SUCCESS', held[i], {}, i === held.length - 1);
        const stop = err.code === 'E_OPERATION_STOPPED';
        const position = origin[stop ? err.input : results];
        if (!stop) await failure(position, err.message);
        for (let i = stop ? results : results + 1; i < inputs.length; i++) {
          await unfitBefore(origin[i]);
          await failure(origin[i], `not run: the operation stopped at input ${position} (${err.message})`);
        }
        return { error: err };
      }
    }

    node.on('close', (removed, done) => {
      closing = true;
      for (const job of queue.splice(0)) job.done();
      const finishing = active ? active.cancel() : Promise.resolve();
      finishing.then(() => {
        if (ownOperation) ownOperation.close();
        node.status({});
        done();
      });
    });
  }

  RED.nodes.registerType('twilio-operation', TwilioOperationNode);
  catalogEndpoints(RED);
};
