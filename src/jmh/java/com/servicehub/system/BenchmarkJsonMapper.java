package com.servicehub.system;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's JsonMapper without a Spring context: Spring Boot's defaults (as its
 * JacksonAutoConfiguration applies them), {@code spring.jackson.default-property-inclusion: always}
 * from application.yml, and the very contract-timestamps module the service registers. It lives in
 * this package because {@link JsonConfiguration} is package-private.
 */
public final class BenchmarkJsonMapper {

    private BenchmarkJsonMapper() {}

    public static JsonMapper create() {
        return JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .findAndAddModules(BenchmarkJsonMapper.class.getClassLoader())
                .changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.ALWAYS)
                        .withContentInclusion(JsonInclude.Include.ALWAYS))
                .addModule(new JsonConfiguration().contractTimestamps())
                .build();
    }
}
