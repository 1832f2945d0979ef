import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, makeFormatError, maskPhones } from '../../src/common/errors';

describe('formatError', () => {
  const format = makeFormatError((name) => (name === 'Category' ? ['THEORY', 'POLICY'] : undefined), false);

  it('masks anything that is not a deliberate, coded error, and logs the original', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const raw = new GraphQLError('select * from "app_user" where phone = 13900000001', {
      originalError: new Error('SQLITE_CONSTRAINT: insert into demand_item ... 13900000001'),
      path: ['addDemandItem'],
    });
    const shown = format({ message: raw.message, path: ['addDemandItem'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, raw);
    expect(shown).toEqual({ message: expect.stringMatching(/^Internal server error/), path: ['addDemandItem'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('SQLITE_CONSTRAINT');
    write.mockRestore();
  });

  it('logs a huge driver message (a bulk INSERT with all its values) cut in the middle, keeping both ends', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sql = `insert into "event" values ${"('x', 1, 2), ".repeat(20_000)} - SQLITE_CONSTRAINT: refused`;
    const raw = new GraphQLError('boom', { originalError: new Error(sql), path: ['runMatching'] });
    format({ message: 'boom', path: ['runMatching'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, raw);
    const logged = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(logged.length).toBeLessThan(6_000);
    expect(logged).toContain('insert into');
    expect(logged).toContain('SQLITE_CONSTRAINT: refused');
    expect(logged).toMatch(/characters left out/);
  });

  it('answers a row two requests created at once with CONFLICT, and logs the reason without the statement\'s values', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const driver = Object.assign(new Error("insert into `app_user` (`username`, `password_hash`) values ('twin', '$argon2id$v=19$secret-hash') - UNIQUE constraint failed: app_user.username"), { code: 'SQLITE_CONSTRAINT' });
    const raw = new GraphQLError('boom', { originalError: new UniqueConstraintViolationException(driver), path: ['createUser'] });
    const shown = format({ message: 'boom', path: ['createUser'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, raw);
    const logged = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(shown.extensions).toEqual({ code: 'CONFLICT', exists: true });
    expect(shown.message).toMatch(/at the same moment/);
    expect(logged).toContain('UNIQUE constraint failed: app_user.username');
    expect(logged).not.toContain('secret-hash');
  });

  it('logs no values of a failed statement (a driver error of any kind)', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const driver = Object.assign(new Error("update `supply_item` set `contact_phone` = '13900000009' where `id` = 'S-1' - SQLITE_IOERR: disk I/O error"), { code: 'SQLITE_IOERR' });
    const raw = new GraphQLError('boom', { originalError: new DriverException(driver), path: ['adjustSupplyItem'] });
    format({ message: 'boom', path: ['adjustSupplyItem'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, raw);
    const logged = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(logged).toContain('disk I/O error');
    expect(logged).not.toContain('13900000009');
  });

  it('passes coded errors with their field and allowed values, without stack traces or phone numbers', () => {
    const err = badInput('input.contactPhone', 'input.contactPhone 13900000001x is not a phone number', 'a mobile number');
    const shown = format({ message: err.message, extensions: { ...err.extensions, stacktrace: ['at y'] } }, err);
    expect(shown.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.contactPhone', allowed: 'a mobile number' });
    expect(shown.message).not.toContain('13900000001');
  });

  it('adds the allowed values to an unknown enum value', () => {
    const shown = format({ message: 'Value "FOOD" does not exist in "Category" enum.', extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError('x'));
    expect(shown.extensions!.allowed).toEqual(['THEORY', 'POLICY']);
    expect(shown.message).toContain('Allowed: THEORY, POLICY');
  });
});

describe('maskPhones', () => {
  it('masks a phone number in a message, and leaves an id whose digits happen to look like one', () => {
    expect(maskPhones('call 13900001234 or 0478-8888888, 电话13900001234')).toBe('call *** or ***, 电话***');
    // A generated id (its time, a counter, random hex): "00001234567" inside it is no landline.
    expect(maskPhones('Assignment "0mx7yt0tk00001234567ab8d1" does not exist')).toBe('Assignment "0mx7yt0tk00001234567ab8d1" does not exist');
    expect(maskPhones('region 150821102 and 1390000123456')).toBe('region 150821102 and 1390000123456');
  });
});

