package com.servicehub.system;

import java.time.Instant;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Every {@link Instant} leaves the service in the contract's millisecond format. Text comes in
 * strict: a number or boolean where the API expects text is refused (400) rather than silently
 * turned into a string, and so is text with a NUL character, which PostgreSQL cannot store.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer textMustBeText() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    JacksonModule noNulInText() {
        SimpleModule module = new SimpleModule("no-nul-in-text");
        module.setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(
                    DeserializationConfig config,
                    BeanDescription.Supplier description,
                    ValueDeserializer<?> deserializer) {
                return deserializer.handledType() == String.class ? new NoNulText(deserializer) : deserializer;
            }
        });
        return module;
    }

    @Bean
    JacksonModule contractTimestamps() {
        return new SimpleModule("contract-timestamps").addSerializer(Instant.class, new InstantSerializer());
    }

    /** The usual string deserializer, refusing what the database would refuse. */
    private static final class NoNulText extends DelegatingDeserializer {

        NoNulText(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new NoNulText(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (value instanceof String text && text.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, NUL_MESSAGE, text, String.class);
            }
            return value;
        }
    }

    static final String NUL_MESSAGE = "must not contain NUL characters";

    private static final class InstantSerializer extends StdSerializer<Instant> {

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext provider) {
            gen.writeString(Timestamps.format(value));
        }
    }
}
