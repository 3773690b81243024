// A raw-socket HTTP/1.1 server on 127.0.0.1 that tests start themselves (filled in by the
// transport work).
public enum LoopbackHTTPServerPlaceholder {}
