import Foundation
import PostTraceStore

extension PostTraceServer {
    /// A request refused while its key was checked.
    struct KeyRefusal: Error { let response: HTTPResponse }

    /// The active key a credential names. Looking a secret up reads the store, so a secret that names no key
    /// is charged to the address's bucket, and once that bucket is empty only secrets that authenticated lately
    /// are looked up at all: guessing costs the guesser, and a valid key never waits for its address's bucket.
    func authenticated(_ credential: KeyPage.Credential, for request: HTTPRequest) async -> Result<APIKeyRecord, KeyRefusal> {
        let address = request.remoteAddress
        func refuse(_ problem: any Error) -> Result<APIKeyRecord, KeyRefusal> {
            if let wait = addressLimiter.take(address)?.retryAfter {
                return .failure(KeyRefusal(response: HTTPResponse(problem: Problem.tooManyRequests(retryAfter: wait, limit: "per-address"))))
            }
            return .failure(KeyRefusal(response: refusal(problem, for: request)))
        }
        let secret: String
        switch credential {
        case .cookie(let value): secret = value
        case .header(let header):
            guard let bearer = Self.bearer(header) else {
                return refuse(Problem.unauthorized("Send the key as 'Authorization: Bearer <secret>'."))
            }
            secret = bearer
        }
        if addressLimiter.isExhausted(address), !keyRing.authenticatedLately(secret: secret) {
            return refuse(Problem.unauthorized("This API key is unknown or revoked."))
        }
        do {
            guard let key = try await keyRing.authenticate(secret: secret) else {
                return refuse(Problem.unauthorized("This API key is unknown or revoked."))
            }
            return .success(key)
        } catch {
            return .failure(KeyRefusal(response: refusal(error, for: request)))
        }
    }

    /// Why a request announcing a body is refused on its head, before a byte of the body is read: its route
    /// needs a key and none is sent (401, and the connection closes: the unread body cannot be skipped). A key
    /// that is sent is checked once the body is in, as every other request's is.
    func screen(_ request: HTTPRequest) -> (any HTTPProblem)? {
        guard case .route(let route, _) = router.match(method: request.method, path: request.path),
              let scope = route.rule.neededScope(requireKeyForRead: configuration.requireKeyForRead),
              KeyPage.credential(of: request) == nil else { return nil }
        var problem = Problem.unauthorized("This request needs an API key with the '\(scope.rawValue)' scope: 'Authorization: Bearer <secret>'.")
        problem.headers.append(("Connection", "close"))
        return problem
    }
}

extension HTTPRequest {
    /// Throws 401/403 unless the request carries a key granting `scope`.
    func require(_ scope: APIKeyRecord.Scope) throws {
        guard let key = apiKey else {
            throw Problem.unauthorized("This request needs an API key with the '\(scope.rawValue)' scope: 'Authorization: Bearer <secret>'.")
        }
        guard key.scope.grants(scope) else { throw Problem.forbidden(scope: scope.rawValue) }
    }
}
