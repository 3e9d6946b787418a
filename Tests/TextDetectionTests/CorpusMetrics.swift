import TextDetection

/// Recall and false-positive area of proposed masks against a corpus image's known word boxes.
struct CorpusMetrics {
    var wordsFound = 0
    var words = 0
    var missed: [String] = []
    /// Per image: masked pixels outside the known boxes (grown by `allowance`), as a fraction of the image.
    var falseAreaFractions: [(name: String, fraction: Double)] = []
    /// Over all images: masked pixels outside the known boxes, and all pixels.
    var falsePixels = 0
    var pixels = 0

    /// Adds one image. A word counts as found when the masks cover at least 90% of its box.
    mutating func add(_ item: CorpusImage, masks: [MaskRect], allowance: Int) {
        let width = item.image.width, height = item.image.height
        var masked = [Bool](repeating: false, count: width * height)
        for mask in masks {
            for y in mask.y..<(mask.y + mask.height) {
                for x in mask.x..<(mask.x + mask.width) { masked[y * width + x] = true }
            }
        }
        var known = [Bool](repeating: false, count: width * height)
        for word in item.words {
            words += 1
            let box = word.rect
            var covered = 0
            for y in box.y..<box.maxY {
                for x in box.x..<box.maxX where masked[y * width + x] { covered += 1 }
            }
            if covered * 10 >= box.area * 9 {
                wordsFound += 1
            } else {
                missed.append("\(item.name): \(word.text) \(box) covered \(covered)/\(box.area)")
            }
            let grown = box.padded(by: allowance).intersection(item.image.bounds)
            for y in grown.y..<grown.maxY {
                for x in grown.x..<grown.maxX { known[y * width + x] = true }
            }
        }
        var outside = 0
        for i in masked.indices where masked[i] && !known[i] { outside += 1 }
        falseAreaFractions.append((item.name, Double(outside) / Double(width * height)))
        falsePixels += outside
        pixels += width * height
    }

    var falseAreaFraction: Double { pixels == 0 ? 0 : Double(falsePixels) / Double(pixels) }

    var recall: Double { words == 0 ? 1 : Double(wordsFound) / Double(words) }

    /// Adds another set of images' counts to these.
    mutating func merge(_ other: CorpusMetrics) {
        wordsFound += other.wordsFound
        words += other.words
        missed += other.missed
        falseAreaFractions += other.falseAreaFractions
        falsePixels += other.falsePixels
        pixels += other.pixels
    }
}
