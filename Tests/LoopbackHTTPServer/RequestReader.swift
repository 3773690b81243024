import Foundation

/// Reads HTTP/1.1 requests from one connection, keeping bytes that arrive early for the next one.
struct RequestReader {
    enum Failure: Error {
        case closed
        case malformed(String)
        case tooLarge
    }

    static let maxHeadBytes = 64 * 1024
    static let maxBodyBytes = 64 * 1024 * 1024

    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    /// Whether bytes are already buffered (a pipelined request).
    var hasBufferedBytes: Bool { !buffer.isEmpty }

    /// Reads one request. `sendContinue` is called when the head asks for `100-continue`, before the body is read.
    mutating func readRequest(
        sequenceNumber: @autoclosure () -> Int,
        connection: Int,
        sendContinue: () -> Void
    ) throws -> RecordedRequest {
        let headBytes = try readHead()
        guard let headText = String(bytes: headBytes, encoding: .utf8) else {
            throw Failure.malformed("head is not UTF-8")
        }
        var lines = headText.components(separatedBy: "\r\n")
        // The head ends with CRLF CRLF: drop the two empty strings that leaves.
        while lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first else { throw Failure.malformed("empty head") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Failure.malformed("request line") }
        let headerLines = Array(lines.dropFirst())
        var headers: [RecordedRequest.Header] = []
        for line in headerLines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed("header line") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append(.init(name: String(line[..<colon]), value: value))
        }
        let value = { (name: String) in headers.first { $0.name.lowercased() == name }?.value }

        if value("expect")?.lowercased() == "100-continue" { sendContinue() }

        let body: [UInt8]
        let framing: RecordedRequest.BodyFraming
        if let encoding = value("transfer-encoding"), encoding.lowercased().contains("chunked") {
            var sizes: [Int] = []
            body = try readChunkedBody(sizes: &sizes)
            framing = .chunked(sizes)
        } else if let lengthText = value("content-length") {
            guard let length = Int(lengthText), length >= 0 else { throw Failure.malformed("Content-Length") }
            guard length <= Self.maxBodyBytes else { throw Failure.tooLarge }
            body = try readExactly(length)
            framing = .contentLength(length)
        } else {
            body = []
            framing = .none
        }
        return RecordedRequest(
            sequenceNumber: sequenceNumber(),
            connection: connection,
            method: String(parts[0]),
            target: String(parts[1]),
            version: String(parts[2]),
            headerLines: headerLines,
            headers: headers,
            rawHead: Data(headBytes),
            body: Data(body),
            bodyFraming: framing)
    }

    /// Bytes up to and including the blank line that ends the head.
    private mutating func readHead() throws -> [UInt8] {
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                var index = max(0, searchFrom - 3)
                while index + 3 < buffer.count {
                    if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                        let head = Array(buffer[0..<(index + 4)])
                        buffer.removeFirst(index + 4)
                        return head
                    }
                    index += 1
                }
                searchFrom = buffer.count
            }
            guard buffer.count <= Self.maxHeadBytes else { throw Failure.tooLarge }
            try fill()
        }
    }

    private mutating func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private mutating func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10), lf > 0, buffer[lf - 1] == 13 {
                let line = String(decoding: buffer[0..<(lf - 1)], as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return line
            }
            guard buffer.count <= Self.maxHeadBytes else { throw Failure.tooLarge }
            try fill()
        }
    }

    private mutating func readChunkedBody(sizes: inout [Int]) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw Failure.malformed("chunk size")
            }
            if size == 0 {
                // Trailer fields, then the blank line.
                while try !readLine().isEmpty {}
                return body
            }
            guard body.count + size <= Self.maxBodyBytes else { throw Failure.tooLarge }
            sizes.append(size)
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw Failure.malformed("chunk end") }
        }
    }

    private mutating func fill() throws {
        let count = Socket.receive(fd, into: &buffer)
        if count <= 0 { throw Failure.closed }
    }
}
