// Dev-only entry for the committed bundle ../src/main/resources/webroot/assets/vendor/promql-editor.min.js.
// Exposes window.PromQLEditor.create(parent, options) to the plain-JS pages; see build.sh.
import { minimalSetup } from 'codemirror';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { insertNewlineAndIndent } from '@codemirror/commands';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, startCompletion } from '@codemirror/autocomplete';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches } from '@codemirror/search';
import { classHighlighter } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';

// Colours live in the page's CSS (tok-* classes from classHighlighter) so dark mode is a media query.
const theme = EditorView.theme({
  '&': { fontSize: '14px', backgroundColor: 'var(--input-bg)', color: 'var(--fg)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-content': { fontFamily: 'var(--mono)', padding: '6px 0', caretColor: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-completionDetail': { opacity: 0.7, fontStyle: 'normal', marginLeft: '1em' },
});

/**
 * Mounts a PromQL editor.
 * options: doc (initial text), apiUrl (prefix before /api/v1, '' = same origin),
 * onSubmit() for Enter / Ctrl|Cmd+Enter, onChange(text), placeholder.
 */
export function create(parent, options = {}) {
  const onSubmit = options.onSubmit || (() => {});
  const promql = new PromQLExtension()
    .activateLinter(false) // the server's error message (Prometheus wording) is shown instead
    .setComplete({
      remote: {
        url: options.apiUrl || '',
        cache: { maxAge: 5 * 60 * 1000 },
        httpErrorHandler: (e) => console.warn('autocomplete request failed', e),
      },
    });
  const submit = () => { onSubmit(); return true; };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc || '',
      extensions: [
        minimalSetup,
        theme,
        EditorView.lineWrapping,
        placeholder(options.placeholder || 'Expression (press Shift+Enter for newlines)'),
        syntaxHighlighting(classHighlighter),
        bracketMatching(),
        closeBrackets(),
        highlightSelectionMatches(),
        autocompletion({ activateOnTyping: true }),
        promql.asExtension(),
        EditorView.contentAttributes.of({ 'aria-label': options.ariaLabel || 'PromQL expression' }),
        // Prec.high keeps Enter for "execute" below the completion popup's own Enter (Prec.highest).
        Prec.high(keymap.of([
          { key: 'Mod-Enter', run: submit },
          { key: 'Enter', run: submit },
          { key: 'Shift-Enter', run: insertNewlineAndIndent },
          { key: 'Ctrl-Space', run: startCompletion },
        ])),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...lintKeymap]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && options.onChange) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getValue: () => view.state.doc.toString(),
    setValue: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    destroy: () => { promql.destroy(); view.destroy(); },
  };
}
