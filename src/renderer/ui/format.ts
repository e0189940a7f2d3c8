// One formatter each, made once: Number#toLocaleString('en-US') and Date#toLocaleString() build a
// new ICU formatter on every call (tens to hundreds of microseconds each), and the status bar and
// the history format on every save.
const COUNT = new Intl.NumberFormat('en-US');
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** A count with thousands separators, as `n.toLocaleString('en-US')` writes it. */
export const formatCount = (n: number): string => COUNT.format(n);

/** A moment in the user's locale, date and time, as `new Date(at).toLocaleString()` writes it. */
export const formatDateTime = (at: number | string | Date): string => DATE_TIME.format(new Date(at));
