import Foundation

/// The API description served at `/openapi.json`: the bundled `openapi.json`, byte for byte.
///
/// It ships as a SwiftPM resource, like the page's assets: `Bundle.module` finds it in
/// `PostTrace_PostTraceServer.resources` beside the executable (symbolic links to the executable are
/// resolved), else in the build directory. The server reads it while building its routes, so an
/// installation missing the bundle stops at start rather than on the first request.
enum APIDocument {
    /// The document's bytes; read once.
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            fatalError("openapi.json is missing from the server's resource bundle \(Bundle.module.bundlePath)")
        }
        return Array(data)
    }()

    /// The answer to `GET /openapi.json` (tagged and gzipped by the pipeline like any fixed document).
    static var response: HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: bytes)
    }
}
