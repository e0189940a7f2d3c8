/**
 * LASzip's arithmetic decoder and integer decompressor, only as much as the chunk table needs:
 * laz-perf's WASM build decodes points but exposes no chunk table, and reading chunk by chunk
 * (instead of the whole file) needs the table. Ported from LASzip's arithmeticdecoder.cpp /
 * integercompressor.cpp; all state is uint32, so every shift ends in `>>> 0`.
 */

const AC_MIN_LENGTH = 0x01000000;
const AC_MAX_LENGTH = 0xffffffff;
const BM_LENGTH_SHIFT = 13;
const BM_MAX_COUNT = 1 << BM_LENGTH_SHIFT;
const DM_LENGTH_SHIFT = 15;
const DM_MAX_COUNT = 1 << DM_LENGTH_SHIFT;

export class ArithmeticModel {
  readonly symbols: number;
  readonly distribution: Uint32Array;
  readonly symbolCount: Uint32Array;
  readonly decoderTable: Uint32Array | null;
  readonly tableShift: number;
  readonly tableSize: number;
  readonly lastSymbol: number;
  totalCount = 0;
  updateCycle: number;
  symbolsUntilUpdate = 0;

  constructor(symbols: number) {
    this.symbols = symbols;
    this.lastSymbol = symbols - 1;
    if (symbols > 16) {
      let tableBits = 3;
      while (symbols > 1 << (tableBits + 2)) ++tableBits;
      this.tableSize = 1 << tableBits;
      this.tableShift = DM_LENGTH_SHIFT - tableBits;
      this.decoderTable = new Uint32Array(this.tableSize + 2);
    } else {
      this.tableSize = 0;
      this.tableShift = 0;
      this.decoderTable = null;
    }
    this.distribution = new Uint32Array(symbols);
    this.symbolCount = new Uint32Array(symbols).fill(1);
    this.updateCycle = symbols;
    this.update();
    this.symbolsUntilUpdate = this.updateCycle = (symbols + 6) >>> 1;
  }

  update(): void {
    if ((this.totalCount += this.updateCycle) > DM_MAX_COUNT) {
      this.totalCount = 0;
      for (let n = 0; n < this.symbols; n++) this.totalCount += this.symbolCount[n] = (this.symbolCount[n] + 1) >>> 1;
    }
    let sum = 0;
    let s = 0;
    const scale = Math.floor(0x80000000 / this.totalCount);
    if (this.decoderTable === null) {
      for (let k = 0; k < this.symbols; k++) {
        this.distribution[k] = (scale * sum) >>> (31 - DM_LENGTH_SHIFT);
        sum += this.symbolCount[k];
      }
    } else {
      const table = this.decoderTable;
      for (let k = 0; k < this.symbols; k++) {
        this.distribution[k] = (scale * sum) >>> (31 - DM_LENGTH_SHIFT);
        sum += this.symbolCount[k];
        const w = this.distribution[k] >>> this.tableShift;
        while (s < w) table[++s] = k - 1;
      }
      table[0] = 0;
      while (s <= this.tableSize) table[++s] = this.symbols - 1;
    }
    this.updateCycle = (5 * this.updateCycle) >>> 2;
    const maxCycle = (this.symbols + 6) << 3;
    if (this.updateCycle > maxCycle) this.updateCycle = maxCycle;
    this.symbolsUntilUpdate = this.updateCycle;
  }
}

export class ArithmeticBitModel {
  bit0Count = 1;
  bitCount = 2;
  bit0Prob = 1 << (BM_LENGTH_SHIFT - 1);
  updateCycle = 4;
  bitsUntilUpdate = 4;

  update(): void {
    if ((this.bitCount += this.updateCycle) > BM_MAX_COUNT) {
      this.bitCount = (this.bitCount + 1) >>> 1;
      this.bit0Count = (this.bit0Count + 1) >>> 1;
      if (this.bit0Count === this.bitCount) ++this.bitCount;
    }
    const scale = Math.floor(0x80000000 / this.bitCount);
    this.bit0Prob = (this.bit0Count * scale) >>> (31 - BM_LENGTH_SHIFT);
    this.updateCycle = (5 * this.updateCycle) >>> 2;
    if (this.updateCycle > 64) this.updateCycle = 64;
    this.bitsUntilUpdate = this.updateCycle;
  }
}

export class ArithmeticDecoder {
  private value: number;
  private length = AC_MAX_LENGTH;

  /** `nextByte` throws when the input runs out, so a corrupt table cannot read forever. */
  constructor(private readonly nextByte: () => number) {
    this.value = ((nextByte() << 24) | (nextByte() << 16) | (nextByte() << 8) | nextByte()) >>> 0;
  }

  decodeBit(m: ArithmeticBitModel): number {
    const x = m.bit0Prob * (this.length >>> BM_LENGTH_SHIFT);
    const sym = this.value >= x ? 1 : 0;
    if (sym === 0) {
      this.length = x;
      ++m.bit0Count;
    } else {
      this.value -= x;
      this.length -= x;
    }
    if (this.length < AC_MIN_LENGTH) this.renorm();
    if (--m.bitsUntilUpdate === 0) m.update();
    return sym;
  }

  decodeSymbol(m: ArithmeticModel): number {
    let n: number;
    let sym: number;
    let x: number;
    let y = this.length;
    if (m.decoderTable !== null) {
      this.length = this.length >>> DM_LENGTH_SHIFT;
      const dv = Math.floor(this.value / this.length);
      const t = dv >>> m.tableShift;
      sym = m.decoderTable[t];
      n = m.decoderTable[t + 1] + 1;
      while (n > sym + 1) {
        const k = (sym + n) >>> 1;
        if (m.distribution[k] > dv) n = k;
        else sym = k;
      }
      x = m.distribution[sym] * this.length;
      if (sym !== m.lastSymbol) y = m.distribution[sym + 1] * this.length;
    } else {
      x = sym = 0;
      this.length = this.length >>> DM_LENGTH_SHIFT;
      n = m.symbols;
      let k = n >>> 1;
      do {
        const z = this.length * m.distribution[k];
        if (z > this.value) {
          n = k;
          y = z;
        } else {
          sym = k;
          x = z;
        }
      } while ((k = (sym + n) >>> 1) !== sym);
    }
    this.value -= x;
    this.length = y - x;
    if (this.length < AC_MIN_LENGTH) this.renorm();
    ++m.symbolCount[sym];
    if (--m.symbolsUntilUpdate === 0) m.update();
    return sym;
  }

  readBits(bits: number): number {
    if (bits > 19) {
      const low = this.readShort();
      const high = this.readBits(bits - 16);
      return ((high << 16) | low) >>> 0;
    }
    this.length = this.length >>> bits;
    const sym = Math.floor(this.value / this.length);
    this.value -= this.length * sym;
    if (this.length < AC_MIN_LENGTH) this.renorm();
    return sym;
  }

  private readShort(): number {
    this.length = this.length >>> 16;
    const sym = Math.floor(this.value / this.length);
    this.value -= this.length * sym;
    if (this.length < AC_MIN_LENGTH) this.renorm();
    return sym;
  }

  private renorm(): void {
    do {
      this.value = ((this.value << 8) | this.nextByte()) >>> 0;
      this.length = (this.length * 256) >>> 0;
    } while (this.length < AC_MIN_LENGTH);
  }
}

/** LASzip IntegerCompressor in decompress mode, for 32-bit values (the only use here). */
export class IntegerDecompressor {
  private readonly bitsHigh = 8;
  private readonly corrBits = 32;
  private readonly mBits: ArithmeticModel[];
  private readonly corrector0 = new ArithmeticBitModel();
  private readonly corrector: ArithmeticModel[] = [];

  constructor(
    private readonly dec: ArithmeticDecoder,
    contexts: number,
  ) {
    this.mBits = Array.from({ length: contexts }, () => new ArithmeticModel(this.corrBits + 1));
    for (let i = 1; i <= this.corrBits; i++) this.corrector[i] = new ArithmeticModel(i <= this.bitsHigh ? 1 << i : 1 << this.bitsHigh);
  }

  decompress(pred: number, context: number): number {
    return (pred + this.readCorrector(this.mBits[context])) | 0;
  }

  private readCorrector(mBits: ArithmeticModel): number {
    const k = this.dec.decodeSymbol(mBits);
    if (k === 0) return this.dec.decodeBit(this.corrector0);
    if (k >= 32) return -0x80000000;
    let c: number;
    if (k <= this.bitsHigh) {
      c = this.dec.decodeSymbol(this.corrector[k]);
    } else {
      const k1 = k - this.bitsHigh;
      c = this.dec.decodeSymbol(this.corrector[k]);
      const c1 = this.dec.readBits(k1);
      c = c * 2 ** k1 + c1;
    }
    return c >= 2 ** (k - 1) ? c + 1 : c - (2 ** k - 1);
  }
}
