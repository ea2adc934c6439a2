import { describe, expect, it } from 'vitest';
import { answerOf, poolNetlink, splitMessages } from '../../../src/network/rtnl/pool-netlink.js';

/** One netlink message: header (length, type, flags, seq, pid) and payload, padded to four bytes. */
function msg(type: number, payload: Buffer, flags = 0): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + payload.length, 0);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(flags, 6);
  const pad = Buffer.alloc((4 - (payload.length % 4)) % 4);
  return Buffer.concat([h, payload, pad]);
}

const errno = (n: number): Buffer => {
  const b = Buffer.alloc(20);
  b.writeInt32LE(-n, 0);
  return b;
};

describe('pool netlink', () => {
  it('splits a reply into messages, stepping over padding, and stops at a length the bytes cannot hold', () => {
    const reply = Buffer.concat([msg(16, Buffer.from('abcde')), msg(3, Buffer.alloc(4))]);
    const out = splitMessages(reply);
    expect(out.map((m) => m.type)).toEqual([16, 3]);
    expect(out[0]?.data.toString()).toBe('abcde');
    const cut = Buffer.concat([msg(16, Buffer.alloc(8)), msg(16, Buffer.alloc(40)).subarray(0, 30)]);
    expect(splitMessages(cut).map((m) => m.data.length)).toEqual([8]);
  });

  it('answers as the package does: the answer without the ACK after it, a lone ACK or error as it is', () => {
    const answer = { type: 16, data: Buffer.alloc(16) };
    const ack = { type: 2, data: errno(0) };
    const enodev = { type: 2, data: errno(19) };
    expect(answerOf([answer, ack])).toEqual([answer]);
    expect(answerOf([ack])).toEqual([ack]);
    expect(answerOf([enodev])).toEqual([enodev]);
  });

  it('sends one whole message with REQUEST and ACK to the protocol asked for, and parses what comes back', async () => {
    const sent: Array<{ protocol: number; message: Buffer }> = [];
    const sock = poolNetlink({ netlinkAsync: async (protocol, message) => (sent.push({ protocol, message }), Buffer.concat([msg(2, errno(19))])) }, 12);
    const [msgs] = await sock.request(17, new Uint8Array([1, 2, 3, 4]), { flags: 0x300, checkError: false, timeout: 5000 });
    expect(sent).toHaveLength(1);
    const m = sent[0]?.message as Buffer;
    expect(sent[0]?.protocol).toBe(12);
    expect(m.readUInt32LE(0)).toBe(20);
    expect(m.readUInt16LE(4)).toBe(17);
    expect(m.readUInt16LE(6)).toBe(0x300 | 0x1 | 0x4);
    expect([...m.subarray(16)]).toEqual([1, 2, 3, 4]);
    expect(msgs.map((x) => [x.type, x.data.readInt32LE(0)])).toEqual([[2, -19]]);
  });

  it('rejects as the addon does', async () => {
    const sock = poolNetlink({ netlinkAsync: async () => Promise.reject(Object.assign(new Error('netlink request: Connection timed out'), { code: 'ETIMEDOUT' })) }, 0);
    await expect(sock.request(18, new Uint8Array(16), { flags: 0, checkError: false, timeout: 5000 })).rejects.toThrow('timed out');
  });
});
