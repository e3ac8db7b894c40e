/** A tiny element builder: h('button', { onclick }, 'Texte'). Strings are text, never HTML. */
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown> & { class?: string };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key in el && !key.includes('-') && typeof value !== 'string') {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(target: Element, ...children: Child[]) {
  target.replaceChildren();
  append(target, children);
}

let toastId = 0;
/** A short message in the polite live region (read by screen readers). */
export function toast(message: string) {
  const host = document.getElementById('toasts');
  if (!host) return;
  const item = h('div', { class: 'toast', id: `toast-${++toastId}` }, message);
  host.append(item);
  setTimeout(() => item.remove(), 8000);
}

/** A labelled input (the label's "for" names the input). */
export function field(id: string, label: string, input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', {}, h('label', { for: id }, label), input, hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/** An error line that assistive technology announces. */
export function errorLine() {
  return h('p', { class: 'error', role: 'alert' });
}
