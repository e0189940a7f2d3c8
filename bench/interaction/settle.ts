// In the page: wait until the interaction has settled (frames drawn, the write acknowledged).
export const SETTLE = `window.__benchSettle = async (frameIndex) => {
  const raf2 = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const until = async (ok) => { for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5)); };
  await raf2();
  await until(() => document.querySelector('[data-testid=save-status]')?.getAttribute('data-pending') === '0');
  if (frameIndex !== undefined) await until(() => document.querySelector('[data-testid=timeline]')?.getAttribute('data-frame-latency-of') === String(frameIndex));
  await raf2();
};`;
