import CQRencode

/// A QR code of one text, encoded by libqrencode and drawn as SVG from its module matrix.
///
/// The matrix is copied out of libqrencode's `QRcode` at once and the C value freed, so no pointer into the
/// library outlives `init`.
struct QRCode: Sendable {
    /// Modules per side (21 for version 1, four more per version).
    let width: Int
    /// Dark modules, row by row.
    let dark: [Bool]

    /// The code of `text` (8-bit mode, error correction level M: about 15 % of the symbol can be lost), or nil
    /// when the text holds a NUL byte or is too long for the largest QR code.
    init?(_ text: String) {
        guard !text.utf8.contains(0), text.utf8.count <= 2_000 else { return nil }
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour (1 dark); the other bits say what the module is part of.
        dark = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
        self.width = width
    }

    /// The code as an SVG image with a 4-module quiet zone, `scale` pixels per module, dark runs of each row
    /// drawn as one path: crisp at any size (`shape-rendering: crispEdges`).
    func svg(scale: Int = 6, title: String) -> String {
        let side = width + 8
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard dark[y * width + x] else { x += 1; continue }
                let start = x
                while x < width, dark[y * width + x] { x += 1 }
                path += "M\(start + 4) \(y + 4)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * scale)" height="\(side * scale)" \
            shape-rendering="crispEdges" role="img"><title>\(HTMLWriter.escaped(title))</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}
