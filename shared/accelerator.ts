// Which global hotkeys the app accepts. A hotkey fires from anywhere, so one key alone (or Shift/AltGr plus a key,
// which is typing) could close positions by accident: it needs a real modifier, unless it is a function key.
const MODIFIERS: Record<string, 'command' | 'typing'> = {
  command: 'command',
  cmd: 'command',
  control: 'command',
  ctrl: 'command',
  commandorcontrol: 'command',
  cmdorctrl: 'command',
  alt: 'command',
  option: 'command',
  super: 'command',
  meta: 'command',
  shift: 'typing',
  altgr: 'typing',
};

const NAMED_KEYS = new Set(
  [
    'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
    'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
    'volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause',
    'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
  ],
);
const SINGLE_CHARACTER = /^[A-Za-z0-9)!@#$%^&*(:;+=<,_\->.?/~`{\][|\\}'"]$/;
const FUNCTION_KEY = /^f([1-9]|1[0-9]|2[0-4])$/i;
const NUMPAD_DIGIT = /^num[0-9]$/i;

export function isFunctionKey(key: string): boolean {
  return FUNCTION_KEY.test(key);
}

/** Why an Electron accelerator is not accepted as a hotkey, in plain words; undefined when it is fine. */
export function acceleratorProblem(accelerator: string): string | undefined {
  const trimmed = accelerator.trim();
  if (trimmed === '') return 'the hotkey is empty: leave it out for no hotkey';
  // "Plus" is how Electron names the + key, so a literal "+" can only separate parts.
  const parts = trimmed.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return `"${trimmed}" has an empty part: write keys like CommandOrControl+Alt+P`;
  const key = parts[parts.length - 1]!;
  const modifiers = parts.slice(0, -1).map((part) => part.toLowerCase());
  if (MODIFIERS[key.toLowerCase()]) return `"${trimmed}" ends in a modifier: add the key to press with it, e.g. ${trimmed}+P`;
  const unknownModifier = modifiers.find((part) => !MODIFIERS[part]);
  if (unknownModifier) return `"${trimmed}" has two keys ("${unknownModifier}" is not a modifier): use modifiers (Ctrl, Alt, Shift, Super, Cmd) and one key`;
  if (new Set(modifiers).size !== modifiers.length) return `"${trimmed}" repeats a modifier`;
  const knownKey = SINGLE_CHARACTER.test(key) || FUNCTION_KEY.test(key) || NUMPAD_DIGIT.test(key) || NAMED_KEYS.has(key.toLowerCase());
  if (!knownKey) return `"${key}" is not a key Electron knows: use a letter, digit, F1–F24 or a named key such as Space or Home`;
  if (FUNCTION_KEY.test(key)) return undefined;
  if (!modifiers.some((part) => MODIFIERS[part] === 'command')) {
    return `"${trimmed}" has no modifier: a key you also type with could close positions by accident. Add Ctrl, Alt, Super or Cmd (e.g. CommandOrControl+Alt+${key}), or use a function key (F1–F24)`;
  }
  return undefined;
}
