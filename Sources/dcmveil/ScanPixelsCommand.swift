import ArgumentParser
import Deidentify
import DicomCore
import DicomIO
import DicomPixels
import Foundation
import Pipeline
import TextDetection

/// `dcmveil scan-pixels FILE…`: burned-in text findings, with PNG previews for debugging and reports.
struct ScanPixels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan-pixels",
        abstract: "Find burned-in text in the pixels of DICOM files and print the findings; optionally write PNG previews with the boxes drawn.")

    @Flag(help: "Print one JSON object per file.") var json = false
    @Option(help: "Write a PNG of every frame with its boxes into this folder.") var png: String?
    @Argument(help: "DICOM files.") var files: [String]

    func run() throws {
        let inspector: PixelInspector
        do { inspector = PixelInspector(detector: try TesseractDetector()) } catch {
            printError("dcmveil scan-pixels: cannot start text detection: \(error)")
            throw ExitCode(2)
        }
        if let png { try FileManager.default.createDirectory(atPath: png, withIntermediateDirectories: true) }
        var failed = false
        for path in files {
            do {
                let file = try DicomReader.read(path: path)
                let tokens = PHITokens.harvest(from: file.dataSet).tokens.map(\.text)
                let result = try inspector.inspect(file.dataSet, transferSyntax: file.transferSyntax.uid, phiTokens: tokens)
                if json {
                    let items = result.findings.map { f -> [String: Any] in
                        ["frame": f.frame, "x": f.box.x, "y": f.box.y, "w": f.box.width, "h": f.box.height,
                         "text": f.text, "confidence": f.confidence, "class": f.findingClass.rawValue]
                    }
                    let masks = result.proposedMasks.map { [$0.frame, $0.x, $0.y, $0.width, $0.height] }
                    let doc: [String: Any] = ["file": path, "status": result.status.rawValue, "findings": items, "masks": masks]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    print("\(path): \(result.status.rawValue), \(result.findings.count) finding(s), \(result.proposedMasks.count) mask(s) proposed")
                    for f in result.findings {
                        print("  frame \(f.frame) \(f.box.geometry) \(f.findingClass.rawValue) \(Int(f.confidence))% \"\(f.text)\"")
                    }
                }
                if let png, result.status == .checked {
                    let pixels = try PixelData(dataSet: file.dataSet, transferSyntax: file.transferSyntax.uid)
                    let renderer = try FrameRenderer(dataSet: file.dataSet)
                    for frame in 0..<pixels.numberOfFrames {
                        let image = try renderer.render(try pixels.frame(frame))
                        var boxes = result.findings.filter { $0.frame == frame }.map { f in
                            OutlineBox(x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height,
                                       color: f.findingClass == .phi ? .red : (f.findingClass == .text ? RGBColor(red: 255, green: 200, blue: 0) : RGBColor(red: 0, green: 160, blue: 255)))
                        }
                        boxes += result.proposedMasks.filter { $0.frame == frame }.map {
                            OutlineBox(x: $0.x, y: $0.y, width: $0.width, height: $0.height, color: RGBColor(red: 0, green: 220, blue: 0))
                        }
                        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                        try AtomicFile.write(try PNGWriter.write(image, boxes: boxes), to: "\(png)/\(name)-\(frame).png")
                    }
                }
            } catch {
                failed = true
                printError("dcmveil scan-pixels: \(path): \(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
