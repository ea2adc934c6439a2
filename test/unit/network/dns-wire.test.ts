import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, DnsFormatError, encode, TYPE, udpLimit, type Message } from '../../../src/network/dns/wire.js';

// A query for web.example A, id 0x1234, RD, as `dig` sends it (without EDNS).
const QUERY = Buffer.from('123401000001000000000000' + '03776562076578616d706c6500' + '00010001', 'hex');

const base: Message = { id: 1, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, rcode: 0, questions: [], answers: [], authorities: [], additionals: [] };

describe('DNS wire format', () => {
  it('decodes a query', () => {
    const m = decode(QUERY);
    expect(m).toMatchObject({ id: 0x1234, qr: false, rd: true, opcode: 0, questions: [{ name: 'web.example', type: TYPE.A, class: 1 }] });
    expect(encode(m)).toEqual(QUERY);
  });

  it('compresses answer names onto the question and follows the pointers back', () => {
    const m: Message = {
      ...base,
      questions: [{ name: 'web.example', type: TYPE.A, class: 1 }],
      answers: [
        { name: 'web.example', type: TYPE.A, class: 1, ttl: 60, data: '172.18.0.2' },
        { name: 'web.example', type: TYPE.A, class: 1, ttl: 60, data: '172.18.0.3' },
        { name: '2.0.18.172.in-addr.arpa', type: TYPE.PTR, class: 1, ttl: 60, data: 'web-1.example' },
      ],
    };
    const wire = encode(m);
    // The first answer's owner name is a pointer to offset 12 (the question's name).
    expect(wire.subarray(29, 31).toString('hex')).toBe('c00c');
    expect(decode(wire)).toEqual(m);
  });

  it('round-trips AAAA and raw record data', () => {
    const m: Message = {
      ...base,
      questions: [{ name: 'db', type: TYPE.AAAA, class: 1 }],
      answers: [{ name: 'db', type: TYPE.AAAA, class: 1, ttl: 5, data: 'fd00::5' }],
      additionals: [{ name: '', type: TYPE.OPT, class: 1232, ttl: 0, data: Buffer.alloc(0) }],
    };
    expect(decode(encode(m))).toEqual(m);
    expect(udpLimit(m)).toBe(1232);
    expect(udpLimit({ ...m, additionals: [] })).toBe(512);
  });

  it.each([
    ['a short header', '1234'],
    ['a pointer loop', '123401000001000000000000c00c00010001'],
    ['a name past the end', '12340100000100000000000003776562'],
    ['a truncated question', '123401000001000000000000037765620000'],
    ['a bad label byte', '123401000001000000000000800000010001'],
  ])('rejects %s', (_, hex) => {
    expect(() => decode(Buffer.from(hex, 'hex'))).toThrow(DnsFormatError);
  });

  it('never throws anything but DnsFormatError on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decode(Buffer.from(bytes));
        } catch (e) {
          return e instanceof DnsFormatError;
        }
        return true;
      }),
    );
  });

  it('round-trips any message of names and addresses', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
    const rr = fc.record({ name, type: fc.constant(TYPE.A as number), class: fc.constant(1), ttl: fc.nat(), data: fc.ipV4() });
    fc.assert(
      fc.property(fc.uint16Array({ minLength: 1, maxLength: 1 }), name, fc.array(rr, { maxLength: 6 }), ([id], qname, answers) => {
        const m: Message = { ...base, id: id as number, questions: [{ name: qname, type: TYPE.A, class: 1 }], answers };
        expect(decode(encode(m))).toEqual(m);
      }),
    );
  });
});
