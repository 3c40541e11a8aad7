// Calls to the workbench's server, and the message line under the header.

const token = new URLSearchParams(location.search).get("token") || "";

// The page's own test hooks and shared state live in `state`; `$` finds an element by id.
export const $ = (id) => document.getElementById(id);

// GET (no body) or POST a JSON body; the reply is JSON, or a Blob for a download.
export async function call(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", "x-realpolitik-token": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const kind = response.headers.get("content-type") || "";
  const data = kind.includes("application/json") && !response.headers.get("content-disposition")
    ? await response.json() : await response.blob();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

export function say(text, isError) {
  const m = $("message");
  m.hidden = !text;
  m.textContent = text || "";
  m.className = isError ? "error" : "";
}

// An element `tag` with text and class.
export function make(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

// A labelled control: the label element wrapping a caption and the control.
export function labelled(caption, control) {
  const label = make("label");
  label.append(make("span", caption, "caption"), control);
  return label;
}

export function button(text, onClick, title) {
  const b = make("button", text);
  b.type = "button";
  if (title) b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

export function select(options, value, ariaLabel) {
  const s = make("select");
  for (const [label, v] of options) s.append(new Option(label, v, false, v === value));
  if (ariaLabel) s.setAttribute("aria-label", ariaLabel);
  return s;
}
