import KPIProtocol
import Testing

@Suite("Frame header")
struct FrameHeaderTests {
    @Test(
        "encodes big-endian and decodes back",
        arguments: [
            FrameHeader(type: .hello, streamID: 0, metaLength: 8, payloadLength: 0),
            FrameHeader(type: .call, flags: .endStream, streamID: 1, metaLength: 30, payloadLength: 0),
            FrameHeader(
                type: .status,
                flags: .endStream,
                streamID: 0x7FFF_FFFF,
                metaLength: 8192,
                payloadLength: 1 << 20
            ),
            FrameHeader(
                type: FrameType(rawValue: 0x7E),
                flags: FrameFlags(rawValue: 0xFC),
                streamID: 0xDEAD_BEEF,
                metaLength: .max,
                payloadLength: .max
            ),
        ]
    )
    func roundTrip(header: FrameHeader) throws {
        let encoded = header.encode()

        #expect(encoded.count == FrameHeader.size)
        #expect(try FrameHeader.decode(encoded) == header)
    }

    @Test("lays out every field at its documented offset")
    func layout() {
        let header = FrameHeader(
            type: .call,
            flags: .endStream,
            streamID: 0x0102_0304,
            metaLength: 0x0506_0708,
            payloadLength: 0x090A_0B0C
        )

        #expect(hex(header.encode()) == "a7011001" + "01020304" + "05060708" + "090a0b0c")
    }

    @Test("refuses fewer than 16 bytes")
    func truncated() {
        let encoded = FrameHeader(type: .ping, streamID: 0, metaLength: 0, payloadLength: 8).encode()

        #expect(throws: FrameError.self) { try FrameHeader.decode(encoded.dropLast()) }
        do {
            _ = try FrameHeader.decode(Array(encoded.prefix(3)))
            Issue.record("a 3-byte header decoded")
        } catch {
            #expect(error.code == .truncatedHeader)
        }
    }

    @Test("keeps unknown types and flag bits, and names types")
    func unknownValues() throws {
        var encoded = FrameHeader(type: .ping, streamID: 0, metaLength: 0, payloadLength: 0).encode()
        encoded[2] = 0x99
        encoded[3] = 0x81

        let header = try FrameHeader.decode(encoded)

        #expect(header.type.rawValue == 0x99)
        #expect(!header.type.isKnown)
        #expect(header.type.name == "0x99")
        #expect(header.flags.contains(.endStream))
        #expect(FrameType.goAway.name == "GOAWAY")
        #expect(FrameType.known.allSatisfy { $0.isKnown })
    }
}
