// The SPARQL page's editor, as one global: window.NewsgraphEditor.create(textarea) → { get, set, view }.
// CodeMirror 6 with line numbers, bracket matching, history and SPARQL highlighting (legacy mode).
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";

function create(textarea, onRun) {
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      keymap.of([{ key: "Mod-Enter", run: function () { onRun(); return true; } }]),
      basicSetup,
      StreamLanguage.define(sparql),
      EditorView.updateListener.of(function (update) {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  textarea.style.display = "none";
  textarea.parentNode.insertBefore(view.dom, textarea);
  return {
    view: view,
    get: function () { return view.state.doc.toString(); },
    set: function (text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      textarea.value = text;
    },
  };
}

window.NewsgraphEditor = { create: create };
