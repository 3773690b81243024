import Foundation

extension Every8DResponseParser {
    /// Parses an XML delivery-status page, laid out as the SOAP API documents:
    ///
    /// ```xml
    /// <SMS_LOG><CODE>0</CODE><DESCRIPTION>…</DESCRIPTION>
    ///   <GET_DELIVERY_STATUS COUNT="1230">
    ///     <SMS><NAME/><MOBILE/><SENT_TIME/><COST/><STATUS/>
    ///       <REPLY_SMS><REPLY_TIME/><MESSAGE><![CDATA[…]]></MESSAGE></REPLY_SMS>…
    ///     </SMS>…
    /// ```
    ///
    /// Values are trimmed (the SOAP server pads them with spaces), a reply's CDATA is kept as
    /// written (line ends read as LF), `REPLY_SMS` may repeat or be absent, `MR`, `REAL_COST`,
    /// `RECEIVED_TIME` and `SEND_TIME` are read when present, and element names are matched
    /// ignoring case. A `CODE` other than 0 is the gateway's error.
    ///
    /// The page is read as strictly as every XML answer (``XMLTree``'s rules: no DTD, bounded
    /// size and depth, well-formed), with one leniency: whitespace between `<` and a start tag's
    /// name (`< NAME>`) is skipped, as the vendor's own SOAP sample writes it.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (`CODE`, text or JSON); `ResponseParseError`
    ///   for malformed XML or a row without a readable `STATUS`.
    public static func deliveryPage(xml body: Data, operation: Every8DOperation = .deliveryStatus) throws -> DeliveryPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: false, expected: xmlExpected, operation: operation)
        }
        return try XMLTokenizer.withUTF8Document(body, maxBytes: XMLTree.Options().maxBytes, expected: xmlExpected) { bytes in
            var parser = DeliveryXMLParser(bytes: bytes)
            return try parser.parse(operation: operation)
        }
    }

    static let xmlExpected = "XML delivery page <SMS_LOG><GET_DELIVERY_STATUS COUNT=…><SMS>…"
}

/// The state of reading one XML delivery page; lives inside one parse call.
private struct DeliveryXMLParser {
    enum Field {
        case name, mobile, sentTime, cost, status, messageReference, realCost, receivedTime
        case replyTime, message, code, description
    }

    var reader: XMLTokenizer
    var reports: [DeliveryReport] = []
    var code: Int?
    var description = ""
    var count: Int?

    var row: DeliveryReport?
    var sawStatus = false
    var reply: DeliveryReport.AttachedReply?
    var field: Field?
    var fieldDepth = 0
    var buffer: [UInt8] = []
    var cdata: [UInt8] = []
    var sawCDATA = false

    init(bytes: UnsafeRawBufferPointer) {
        reader = XMLTokenizer(bytes, expected: Every8DResponseParser.xmlExpected, allowsSpaceBeforeName: true)
        buffer.reserveCapacity(64)
    }

    mutating func parse(operation: Every8DOperation) throws -> DeliveryPage {
        while let event = try reader.next() {
            switch event {
            case .start(let name, let isEmpty):
                try start(name, isEmpty: isEmpty)
            case .end(let name):
                try end(name)
            case .text(let text):
                if field != nil { reader.append(text, to: &buffer) }
            case .cdata(let text):
                if field != nil {
                    reader.append(text, to: &buffer)
                    reader.append(text, to: &cdata)
                    sawCDATA = true
                }
            }
        }
        if let code, code != 0 {
            throw Every8DError(code: .init(rawValue: code), message: description, operation: operation)
        }
        return DeliveryPage(totalCount: count ?? reports.count, reports: reports)
    }

    private mutating func start(_ name: Range<Int>, isEmpty: Bool) throws {
        guard field == nil else { return }  // markup inside a value: its text still counts
        var leaf: Field?
        if row != nil {
            if reply != nil {
                if reader.name(name, is: "REPLY_TIME") { leaf = .replyTime } else if reader.name(name, is: "MESSAGE") { leaf = .message }
            } else if reader.name(name, is: "REPLY_SMS") {
                if !isEmpty { reply = .init(receivedAt: nil, text: "") }
                return
            } else if reader.name(name, is: "STATUS") {
                leaf = .status
            } else if reader.name(name, is: "MOBILE") {
                leaf = .mobile
            } else if reader.name(name, is: "SENT_TIME") || reader.name(name, is: "SEND_TIME") {
                leaf = .sentTime
            } else if reader.name(name, is: "COST") {
                leaf = .cost
            } else if reader.name(name, is: "NAME") {
                leaf = .name
            } else if reader.name(name, is: "MR") {
                leaf = .messageReference
            } else if reader.name(name, is: "REAL_COST") {
                leaf = .realCost
            } else if reader.name(name, is: "RECEIVED_TIME") {
                leaf = .receivedTime
            }
        } else if reader.name(name, is: "SMS") {
            guard !isEmpty else { throw reader.failure("SMS \(reports.count + 1) is empty") }
            row = DeliveryReport(name: "", mobile: "", sentAt: nil, cost: nil, status: .sentToCarrier)
            sawStatus = false
            return
        } else if reader.name(name, is: "GET_DELIVERY_STATUS") {
            if let text = reader.attribute("COUNT") {
                guard let value = ByteText.integer(text) else { throw reader.failure("COUNT is not an integer") }
                count = value
            }
            return
        } else if reader.name(name, is: "CODE") {
            leaf = .code
        } else if reader.name(name, is: "DESCRIPTION") {
            leaf = .description
        }
        guard let leaf else { return }
        field = leaf
        fieldDepth = reader.depth
        buffer.removeAll(keepingCapacity: true)
        cdata.removeAll(keepingCapacity: true)
        sawCDATA = false
    }

    private mutating func end(_ name: Range<Int>) throws {
        if field != nil {
            if reader.depth == fieldDepth - 1 { try finishField() }
            return
        }
        if reply != nil, reader.name(name, is: "REPLY_SMS") {
            if let reply { row?.replies.append(reply) }
            reply = nil
        } else if let finished = row, reader.name(name, is: "SMS") {
            guard sawStatus else { throw reader.failure("SMS \(reports.count + 1) has no STATUS") }
            reports.append(finished)
            row = nil
        }
    }

    private mutating func finishField() throws {
        guard let current = field else { return }
        field = nil
        let rowNumber = reports.count + 1
        try buffer.withUnsafeBytes { raw in
            let trimmed = ByteText.trimmed(0..<raw.count, in: raw)
            let value = UnsafeRawBufferPointer(rebasing: raw[trimmed])
            func text() -> String { String(decoding: value, as: UTF8.self) }
            func date(_ label: String) throws -> Date? {
                guard !value.isEmpty else { return nil }
                guard let date = TaiwanTime.parse(bytes: value) else { throw reader.failure("SMS \(rowNumber): \(label) does not read") }
                return date
            }
            func decimal(_ label: String) throws -> Decimal? {
                guard !value.isEmpty else { return nil }
                guard let number = ExactDecimal.parse(bytes: value) else { throw reader.failure("SMS \(rowNumber): \(label) does not read") }
                return number
            }
            switch current {
            case .name: row?.name = text()
            case .mobile: row?.mobile = text()
            case .sentTime: row?.sentAt = try date("SENT_TIME")
            case .cost: row?.cost = try decimal("COST")
            case .realCost: row?.realCost = try decimal("REAL_COST")
            case .receivedTime: row?.receivedAt = try date("RECEIVED_TIME")
            case .status:
                guard let status = ByteText.integer(value) else { throw reader.failure("SMS \(rowNumber): STATUS does not read") }
                row?.status = DeliveryStatus(rawValue: status)
                sawStatus = true
            case .messageReference:
                let reference = text()
                row?.messageReference = reference.isEmpty ? nil : reference
            case .replyTime: reply?.receivedAt = try date("REPLY_TIME")
            case .message: reply?.text = sawCDATA ? String(decoding: cdata, as: UTF8.self) : text()
            case .code:
                guard let number = ByteText.integer(value) else { throw reader.failure("CODE is not an integer") }
                code = number
            case .description: description = text()
            }
        }
    }
}
