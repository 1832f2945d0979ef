import { describe, expect, it } from 'vitest';
import { accountWaitSeconds, addressKey } from '../../src/auth/login-throttle';

describe('login throttle', () => {
  it('waits nothing for the first 4 failures, then 1 s, 2 s, 4 s, … up to 15 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 40].map(accountWaitSeconds)).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 512, 900, 900]);
  });

  it('keys IPv4 as it is (also IPv4-mapped) and IPv6 by its /64', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:DB8:1:2::9')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(addressKey(null)).toBe('none');
  });
});
