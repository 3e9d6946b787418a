// A small developer tool over DicomPixels, used by the interop tests:
//   dcmveil-pixels info FILE                  JSON: description, syntax, frames
//   dcmveil-pixels decode FILE FRAME OUT      raw samples of one frame to OUT, JSON header to stdout
//   dcmveil-pixels render FILE FRAME OUT.png  8-bit rendering (window from file or histogram) as PNG
//   dcmveil-pixels bench FILE [N]            median decode and render time of frame 0
//   dcmveil-pixels mask FILE OUT FRAME X Y W H [...]   applies masks, writes the file OUT (explicit VR
//                                             little endian when the syntax had to change), prints the result as JSON
import DicomCore
import DicomIO
import DicomPixels
#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError(message + "\n")
    exit(1)
}

enum FileHandle {
    static func standardError(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
    }
    static func write(_ bytes: [UInt8], to path: String) {
        guard let f = fopen(path, "wb") else { fail("cannot open \(path)") }
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }
}

func json(_ pairs: [(String, Any)]) -> String {
    "{" + pairs.map { k, v in
        let value: String
        switch v {
        case let s as String:
            var escaped = ""
            for u in s.unicodeScalars {
                switch u {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case _ where u.value < 0x20: escaped += " "
                default: escaped.unicodeScalars.append(u)
                }
            }
            value = "\"" + escaped + "\""
        case let b as Bool: value = b ? "true" : "false"
        case let a as [Int]: value = "[" + a.map(String.init).joined(separator: ",") + "]"
        default: value = "\(v)"
        }
        return "\"\(k)\":\(value)"
    }.joined(separator: ",") + "}"
}

func load(_ path: String) -> (DicomFile, PixelData) {
    do {
        let file = try DicomReader.read(path: path)
        let px = try PixelData(dataSet: file.dataSet, transferSyntax: file.transferSyntax.uid)
        return (file, px)
    } catch let e as PixelError {
        print(json([("error", e.kind.rawValue), ("message", e.description)]))
        exit(2)
    } catch {
        print(json([("error", "read"), ("message", "\(error)")]))
        exit(2)
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func dtype(_ s: FrameSamples) -> (String, [UInt8]) {
    func bytes<T>(_ a: [T]) -> [UInt8] { a.withUnsafeBytes { Array($0) } }
    switch s {
    case .uint8(let a): return ("uint8", a)
    case .int8(let a): return ("int8", bytes(a))
    case .uint16(let a): return ("uint16", bytes(a))
    case .int16(let a): return ("int16", bytes(a))
    case .uint32(let a): return ("uint32", bytes(a))
    case .int32(let a): return ("int32", bytes(a))
    }
}

let args = CommandLine.arguments
guard args.count >= 3 else { fail("usage: dcmveil-pixels info|decode|render|mask FILE ...") }
let (file, pixels) = load(args[2])
switch args[1] {
case "info":
    let d = pixels.description
    print(json([("rows", d.rows), ("columns", d.columns), ("samplesPerPixel", d.samplesPerPixel), ("bitsAllocated", d.bitsAllocated),
                ("bitsStored", d.bitsStored), ("photometric", d.photometric.rawValue), ("frames", d.numberOfFrames),
                ("syntax", pixels.syntax.uid), ("codec", pixels.syntax.codec.rawValue)]))
case "decode":
    guard args.count == 5, let index = Int(args[3]) else { fail("usage: decode FILE FRAME OUT") }
    do {
        let frame = try pixels.frame(index)
        let (type, bytes) = dtype(frame.samples)
        FileHandle.write(bytes, to: args[4])
        print(json([("rows", frame.rows), ("columns", frame.columns), ("samplesPerPixel", frame.samplesPerPixel),
                    ("dtype", type), ("photometric", frame.description.photometric.rawValue)]))
    } catch {
        print(json([("error", error.kind.rawValue), ("message", error.description)]))
        exit(2)
    }
case "render":
    guard args.count == 5, let index = Int(args[3]) else { fail("usage: render FILE FRAME OUT.png") }
    do {
        let image = try FrameRenderer(dataSet: file.dataSet).render(try pixels.frame(index))
        FileHandle.write(try PNGWriter.write(image), to: args[4])
        print(json([("width", image.width), ("height", image.height)]))
    } catch {
        print(json([("error", error.kind.rawValue), ("message", error.description)]))
        exit(2)
    }
case "mask":
    guard args.count >= 9, (args.count - 4) % 5 == 0 else { fail("usage: mask FILE OUT FRAME X Y W H [FRAME X Y W H ...]") }
    var masks: [Mask] = []
    var i = 4
    while i + 4 < args.count {
        let v = args[i..<(i + 5)].compactMap { Int($0) }
        guard v.count == 5 else { fail("mask values must be integers") }
        masks.append(Mask(frame: v[0], x: v[1], y: v[2], width: v[3], height: v[4]))
        i += 5
    }
    do {
        let result = try PixelMasker.apply(masks, to: file.dataSet, transferSyntax: file.transferSyntax.uid)
        var out = file
        out.dataSet = result.dataSet
        if result.syntaxChanged { out.transferSyntax = TransferSyntax.named(result.transferSyntax) }
        try DicomWriter.write(out, to: args[3])
        print(json([("transferSyntax", result.transferSyntax), ("syntaxChanged", result.syntaxChanged),
                    ("reason", result.reason ?? ""), ("maskedFrames", result.maskedFrames),
                    ("appliedMasks", result.appliedMasks.flatMap { [$0.frame, $0.x, $0.y, $0.width, $0.height] })]))
    } catch let e as PixelError {
        print(json([("error", e.kind.rawValue), ("message", e.description)]))
        exit(2)
    } catch {
        fail("\(error)")
    }
case "bench":
    // Median time of decoding frame 0 and rendering it to 8-bit grey, over N runs.
    let runs = args.count > 3 ? Int(args[3]) ?? 200 : 200
    do {
        let renderer = try FrameRenderer(dataSet: file.dataSet)
        var decode: [Double] = [], render: [Double] = []
        for _ in 0..<runs {
            let t0 = now()
            let frame = try pixels.frame(0)
            let t1 = now()
            let image = try renderer.renderGray(frame)
            let t2 = now()
            precondition(image.pixels.count == frame.rows * frame.columns)
            decode.append(t1 - t0); render.append(t2 - t1)
        }
        decode.sort(); render.sort()
        print(json([("runs", runs), ("decodeMedianMicroseconds", Int(decode[runs / 2] * 1e6)),
                    ("renderMedianMicroseconds", Int(render[runs / 2] * 1e6))]))
    } catch {
        print(json([("error", error.kind.rawValue), ("message", error.description)]))
        exit(2)
    }
default:
    fail("unknown command \(args[1])")
}
