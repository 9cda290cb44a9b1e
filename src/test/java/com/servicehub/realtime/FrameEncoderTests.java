package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

/** The pre-encoded fan-out frames are what a client's WebSocket decoder reads, at every length form. */
class FrameEncoderTests {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
    void wireFrameDecodesAsOneFinalTextFrame(int length) {
        String text = "x".repeat(length);
        // A client decoder: server frames arrive unmasked.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));

        client.writeInbound(FrameEncoder.toWireFrame(text.getBytes(StandardCharsets.UTF_8)));

        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.rsv()).isZero();
        assertThat(frame.text()).isEqualTo(text);
        frame.release();
        assertThat((Object) client.readInbound()).isNull();
        client.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65_535, 65_536})
    void headerUsesTheShortestLengthForm(int length) {
        ByteBuf frame = FrameEncoder.toWireFrame(new byte[length]);
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        assertThat(frame.readableBytes()).isEqualTo(header + length);
        assertThat(frame.getUnsignedByte(0)).isEqualTo((short) 0x81);
        frame.release();
    }
}
