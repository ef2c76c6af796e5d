import Foundation

/// The page's static files (CSS, a small script, the icon), read once from the bundled `Assets` folder.
enum PageAssets {
    struct Asset: Sendable { let contentType: String; let body: [UInt8] }

    /// Only these names are served: a request can never reach another file.
    static let types: [String: String] = [
        "style.css": "text/css; charset=utf-8",
        "page.js": "text/javascript; charset=utf-8",
        "favicon.svg": "image/svg+xml",
        "sw.js": "text/javascript; charset=utf-8",
        "icon-192.png": "image/png",
        "icon-512.png": "image/png",
        "icon-maskable-512.png": "image/png",
    ]

    static let all: [String: Asset] = {
        var out: [String: Asset] = [:]
        for (name, type) in types {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Assets"),
                  let data = try? Data(contentsOf: url) else { continue }
            out[name] = Asset(contentType: type, body: Array(data))
        }
        return out
    }()
}
