/// The accurate integer inverse DCT of the IJG libjpeg ("ISLOW", jidctint.c's algorithm: the
/// Loeffler–Ligtenberg–Moschytz factorisation with 13-bit fixed-point constants), for 8- and 12-bit
/// samples. It gives the same samples as libjpeg / libjpeg-turbo with `JDCT_ISLOW`, the default method:
/// a column pass kept with `pass1Bits` extra bits (2 at 8 bits, 1 at 12), a row pass, level shift by
/// half the range and a clamp to 0...maxSample. Written from the published algorithm, not copied.
struct JPEGInverseDCT {
    let pass1Bits: Int
    let center: Int
    let maxSample: Int

    init(precision: Int) {
        pass1Bits = precision <= 8 ? 2 : 1
        center = 1 << (precision - 1)
        maxSample = (1 << precision) - 1
    }

    private static let constBits = 13
    // The IJG constants: round(x * 2^13).
    private static let c0_298631336 = 2446
    private static let c0_390180644 = 3196
    private static let c0_541196100 = 4433
    private static let c0_765366865 = 6270
    private static let c0_899976223 = 7373
    private static let c1_175875602 = 9633
    private static let c1_501321110 = 12299
    private static let c1_847759065 = 15137
    private static let c1_961570560 = 16069
    private static let c2_053119869 = 16819
    private static let c2_562915447 = 20995
    private static let c3_072711026 = 25172

    @inline(__always)
    private static func descale(_ x: Int, _ n: Int) -> Int { (x + (1 << (n - 1))) >> n }

    /// One 8x8 block: `coefficients` (natural order, quantized) times `quant` (natural order) into
    /// `out` (8 rows of 8 samples, `stride` apart). `workspace` holds 64 Ints.
    @inline(__always)
    func transform(_ coefficients: UnsafePointer<Int16>, quant: UnsafePointer<Int32>, workspace ws: UnsafeMutablePointer<Int>,
                   out: UnsafeMutablePointer<UInt16>, stride: Int) {
        let cb = Self.constBits
        let shift1 = cb - pass1Bits
        // Pass 1: columns, into the workspace.
        for col in 0..<8 {
            @inline(__always) func dq(_ row: Int) -> Int { Int(coefficients[row * 8 + col]) * Int(quant[row * 8 + col]) }
            if coefficients[8 + col] == 0 && coefficients[16 + col] == 0 && coefficients[24 + col] == 0 && coefficients[32 + col] == 0
                && coefficients[40 + col] == 0 && coefficients[48 + col] == 0 && coefficients[56 + col] == 0 {
                let dc = dq(0) << pass1Bits
                for row in 0..<8 { ws[row * 8 + col] = dc }
                continue
            }
            // Even part.
            var z2 = dq(2), z3 = dq(6)
            var z1 = (z2 + z3) * Self.c0_541196100
            var tmp2 = z1 - z3 * Self.c1_847759065
            var tmp3 = z1 + z2 * Self.c0_765366865
            z2 = dq(0); z3 = dq(4)
            var tmp0 = (z2 + z3) << cb
            var tmp1 = (z2 - z3) << cb
            let tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2
            // Odd part.
            tmp0 = dq(7); tmp1 = dq(5); tmp2 = dq(3); tmp3 = dq(1)
            z1 = tmp0 + tmp3; z2 = tmp1 + tmp2
            z3 = tmp0 + tmp2
            var z4 = tmp1 + tmp3
            let z5 = (z3 + z4) * Self.c1_175875602
            tmp0 *= Self.c0_298631336; tmp1 *= Self.c2_053119869; tmp2 *= Self.c3_072711026; tmp3 *= Self.c1_501321110
            z1 *= -Self.c0_899976223; z2 *= -Self.c2_562915447; z3 *= -Self.c1_961570560; z4 *= -Self.c0_390180644
            z3 += z5; z4 += z5
            tmp0 += z1 + z3; tmp1 += z2 + z4; tmp2 += z2 + z3; tmp3 += z1 + z4
            ws[col] = Self.descale(tmp10 + tmp3, shift1)
            ws[56 + col] = Self.descale(tmp10 - tmp3, shift1)
            ws[8 + col] = Self.descale(tmp11 + tmp2, shift1)
            ws[48 + col] = Self.descale(tmp11 - tmp2, shift1)
            ws[16 + col] = Self.descale(tmp12 + tmp1, shift1)
            ws[40 + col] = Self.descale(tmp12 - tmp1, shift1)
            ws[24 + col] = Self.descale(tmp13 + tmp0, shift1)
            ws[32 + col] = Self.descale(tmp13 - tmp0, shift1)
        }
        // Pass 2: rows, level shift and clamp.
        let shift2 = cb + pass1Bits + 3
        let center = self.center, maxSample = self.maxSample
        @inline(__always) func sample(_ v: Int) -> UInt16 { UInt16(truncatingIfNeeded: min(maxSample, max(0, v + center))) }
        for row in 0..<8 {
            let w = ws + row * 8
            let o = out + row * stride
            if w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0 {
                let v = sample(Self.descale(w[0], pass1Bits + 3))
                for i in 0..<8 { o[i] = v }
                continue
            }
            var z2 = w[2], z3 = w[6]
            var z1 = (z2 + z3) * Self.c0_541196100
            var tmp2 = z1 - z3 * Self.c1_847759065
            var tmp3 = z1 + z2 * Self.c0_765366865
            var tmp0 = (w[0] + w[4]) << cb
            var tmp1 = (w[0] - w[4]) << cb
            let tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2
            tmp0 = w[7]; tmp1 = w[5]; tmp2 = w[3]; tmp3 = w[1]
            z1 = tmp0 + tmp3; z2 = tmp1 + tmp2
            z3 = tmp0 + tmp2
            var z4 = tmp1 + tmp3
            let z5 = (z3 + z4) * Self.c1_175875602
            tmp0 *= Self.c0_298631336; tmp1 *= Self.c2_053119869; tmp2 *= Self.c3_072711026; tmp3 *= Self.c1_501321110
            z1 *= -Self.c0_899976223; z2 *= -Self.c2_562915447; z3 *= -Self.c1_961570560; z4 *= -Self.c0_390180644
            z3 += z5; z4 += z5
            tmp0 += z1 + z3; tmp1 += z2 + z4; tmp2 += z2 + z3; tmp3 += z1 + z4
            o[0] = sample(Self.descale(tmp10 + tmp3, shift2))
            o[7] = sample(Self.descale(tmp10 - tmp3, shift2))
            o[1] = sample(Self.descale(tmp11 + tmp2, shift2))
            o[6] = sample(Self.descale(tmp11 - tmp2, shift2))
            o[2] = sample(Self.descale(tmp12 + tmp1, shift2))
            o[5] = sample(Self.descale(tmp12 - tmp1, shift2))
            o[3] = sample(Self.descale(tmp13 + tmp0, shift2))
            o[4] = sample(Self.descale(tmp13 - tmp0, shift2))
        }
    }
}
