import { describe, expect, it } from 'vitest';
import { appRequestPath, dataRequestPath, isAllowedExternalUrl, isAppUrl } from './navigationRules';

describe('Electron navigation rules', () => {
  it('keeps navigation on the app origin', () => {
    expect(isAppUrl('cairn-app://app/index.html')).toBe(true);
    expect(isAppUrl('cairn-app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only listed https hosts in the system browser', () => {
    expect(isAllowedExternalUrl('https://github.com/x')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/x')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/x')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });

  it('decodes protocol paths without throwing on malformed percent-encoding', () => {
    expect(dataRequestPath('cairn-data://scene-1/lidar/a%20b.bin')).toEqual({ storeId: 'scene-1', path: 'lidar/a b.bin' });
    expect(dataRequestPath('cairn-data://scene-1/%E0%A4%A')).toBeNull();
    expect(appRequestPath('cairn-app://app/')).toBe('index.html');
    expect(appRequestPath('cairn-app://app/assets/%')).toBeNull();
  });
});
