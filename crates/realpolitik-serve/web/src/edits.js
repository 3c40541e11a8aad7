// Edits made in the views: sent to the server, which applies them to the TOML with toml_edit
// (keeping every comment) and checks the model they make; the new text replaces the editor's
// as one undoable change.

import { call, say } from "./api.js";
import { replaceText, text } from "./editor.js";
import { edited } from "./answer.js";

// Edits run one after another, each on the text the previous one left, so that a fast
// slider's edits cannot overtake each other.
let queue = Promise.resolve();

// Applies `edit`; then re-analyses: at once with the full draws if `settled` (a released
// slider, a click), else a quick answer first.
export function applyEdit(edit, settled = true) {
  queue = queue.then(() => applyNow(edit, settled));
  return queue;
}

// An edit's reply is the text it was sent with, edited. If the analyst typed while it was in
// flight, that reply would drop what they typed: once they pause, the edit is sent again with
// the text as it is then (edits name what they change by identity, so one applies as well to
// the newer text), until a reply comes back for the text still in the editor.
async function applyNow(edit, settled) {
  try {
    for (;;) {
      const sent = text();
      const reply = await call("/api/edit", { text: sent, edit });
      if (text() === sent) {
        replaceText(reply.text);
        break;
      }
      await typingPause();
    }
    say("");
    edited(settled);
    return true;
  } catch (e) {
    say(e.message, true);
    return false;
  }
}

// Resolves once the text has not changed for `ms` milliseconds.
function typingPause(ms = 300) {
  return new Promise((resolve) => {
    let last = text();
    const check = () => {
      if (text() === last) return resolve();
      last = text();
      setTimeout(check, ms);
    };
    setTimeout(check, ms);
  });
}
