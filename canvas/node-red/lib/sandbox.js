// The embedded sandbox the nodes fall back to when no credentials are configured, as the
// CLI does: started on first use and shared by every node of this Node-RED runtime, so
// records a flow creates are there for the next deploy.
'use strict';

let started; // Promise<{ sandbox, settings }>

function sharedSandbox(log) {
  if (!started) {
    // Loaded lazily: a runtime with credentials never pays for the sandbox.
    const { startSandbox, sandboxSettings } = require('twilio-connector/sandbox');
    started = startSandbox({ seed: true }).then((sandbox) => {
      log(`no Twilio credentials set: using the embedded sandbox at ${sandbox.url}`);
      return { sandbox, settings: sandboxSettings(sandbox) };
    });
    started.catch(() => (started = undefined));
  }
  return started;
}

/** Stops the shared sandbox (tests; a runtime keeps it until its process ends). */
async function stopSharedSandbox() {
  const running = started;
  started = undefined;
  if (running) await (await running).sandbox.close();
}

module.exports = { sharedSandbox, stopSharedSandbox };
