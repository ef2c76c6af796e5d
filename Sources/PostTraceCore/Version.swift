/// PostTrace's own version, shown by `posttrace --version`, in `/metrics` and in webhook requests' User-Agent.
public enum PostTraceVersion {
    /// Semantic version of this release.
    public static let current = "0.9.0"
}
