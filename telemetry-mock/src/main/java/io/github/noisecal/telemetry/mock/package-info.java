/**
 * The mock verifier backend: {@link io.github.noisecal.telemetry.mock.MockBackend} draws seeded, reproducible
 * outcomes from a {@link io.github.noisecal.telemetry.mock.MockProfile} without running anything. It is discovered
 * as {@code mock}.
 */
package io.github.noisecal.telemetry.mock;
