# fintech-sandbox in a container.
#   docker build -t fintech-sandbox .
#   docker run --rm -p 4100:4100 -e SANDBOX_ADMIN_TOKEN=change-me fintech-sandbox
# Inside the container the server binds 0.0.0.0, so the control plane (/__sandbox) needs
# SANDBOX_ADMIN_TOKEN, or SANDBOX_ADMIN_OPEN=true on a trusted local machine.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY benches ./benches
COPY fixtures ./fixtures
COPY scenarios ./scenarios
# The same command CI runs (.ci/run), so a green CI means this step builds.
RUN cargo build --release --locked

# Distroless: glibc and CA certificates, no shell, no package manager; runs as uid 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/fintech-sandbox /usr/local/bin/fintech-sandbox
ENV SANDBOX_HOST=0.0.0.0 \
    SANDBOX_PORT=4100 \
    SANDBOX_LOG_FORMAT=json
USER 65532:65532
EXPOSE 4100
# The fixtures and scenarios are compiled in; mount a volume and set SANDBOX_FIXTURES=/fixtures
# (or SANDBOX_SCENARIOS=/scenarios) to replace them.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/fintech-sandbox", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/fintech-sandbox"]
CMD ["serve"]
