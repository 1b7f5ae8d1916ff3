# One image per service: docker build --build-arg MODULE=job-api .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
ARG MODULE
RUN ./mvnw -B -ntp -q -pl "${MODULE}" -am package -DskipTests -Dspotless.check.skip=true \
 && cp "${MODULE}"/target/"${MODULE}"-*[0-9T].jar /app.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 autobolt
COPY --from=build /app.jar /app/app.jar
USER autobolt
# TrimNativeHeapInterval: give freed native memory (JIT, network buffers) back to the system every 30 s;
# glibc would keep it, tens of MB a service (docs/operations.md, "Memory").
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:TrimNativeHeapInterval=30000", "-jar", "/app/app.jar"]
