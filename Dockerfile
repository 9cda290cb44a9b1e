# ServiceHub's image: the Spring Boot jar on a JRE, run as a non-root user, with the JVM settings
# of ops/jvm.options (docs/operations.md, "Container image"). Build the jar first:
#   ./mvnw -DskipTests package && docker build -t servicehub .
# Java 25: compact object headers (JEP 519) take a quarter off every connection's heap objects
# (docs/benchmarks.md); the code is built for Java 17 and runs on either.
FROM eclipse-temurin:25-jre

RUN groupadd --system --gid 10001 servicehub \
    && useradd --system --uid 10001 --gid servicehub --home-dir /app --shell /usr/sbin/nologin servicehub

WORKDIR /app
COPY ops/jvm.options /app/jvm.options
COPY target/servicehub-*.jar /app/app.jar
# The embedded database (used only without DATABASE_URL) writes under ./data.
RUN mkdir /app/data && chown servicehub:servicehub /app/data

# As bin/servicehub does: fewer glibc malloc arenas, less native memory held per thread.
ENV MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 5000
# SIGTERM reaches the JVM directly (exec form): connections are closed with 1001 and requests drain.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:+UseCompactObjectHeaders", "-jar", "/app/app.jar"]
