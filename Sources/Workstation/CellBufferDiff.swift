extension CellBuffer {
    /// Calls `body` for each cell that differs from `previous` (every cell when there is no previous
    /// frame or its size differs). Continuations of wide graphemes are skipped: the terminal draws
    /// them with their grapheme. Returns the number of cells reported.
    @discardableResult
    public func forEachChange(from previous: CellBuffer?, _ body: (_ x: Int, _ y: Int, _ cell: Cell) -> Void) -> Int {
        var count = 0
        let full = previous == nil || previous?.width != width || previous?.height != height
        for y in 0..<height {
            let base = y * width
            for x in 0..<width {
                let cell = cells[base + x]
                if cell.width == 0 {
                    // A changed continuation means the wide grapheme before it changed too.
                    continue
                }
                if !full, let previous, previous.cells[base + x] == cell,
                   cell.width != 2 || previous.cells[base + x + 1] == cells[base + x + 1] {
                    continue
                }
                body(x, y, cell)
                count += 1
            }
        }
        return count
    }
}
