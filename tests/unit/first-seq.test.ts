import { describe, expect, it } from 'vitest';
import { FirstSeq } from '../../web/realtime/room-controller';

describe('FirstSeq', () => {
  it('is null until the first data, then keeps their seq whatever comes later', () => {
    const seq = new FirstSeq();
    expect(seq.value).toBeNull();
    seq.took(41);
    seq.took(57);
    seq.failed();
    expect(seq.value).toBe(41);
  });

  it('is undefined (follow from now on) when the first data failed, and stays so', () => {
    const seq = new FirstSeq();
    seq.failed();
    seq.took(12);
    expect(seq.value).toBeUndefined();
  });
});
