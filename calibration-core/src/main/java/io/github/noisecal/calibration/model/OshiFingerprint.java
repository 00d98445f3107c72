package io.github.noisecal.calibration.model;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The OSHI probe, in a class of its own so that {@link EnvironmentFingerprint} never links against OSHI: this class
 * is loaded only after OSHI was found on the class path.
 */
final class OshiFingerprint {
    private OshiFingerprint() {
    }

    static EnvironmentFingerprint probe() {
        SystemInfo systemInfo = new SystemInfo();
        HardwareAbstractionLayer hardware = systemInfo.getHardware();
        CentralProcessor processor = hardware.getProcessor();
        return new EnvironmentFingerprint(
                systemInfo.getOperatingSystem().toString(),
                processor.getProcessorIdentifier().getName().strip(),
                processor.getLogicalProcessorCount(),
                hardware.getMemory().getTotal(),
                System.getProperty("java.version"));
    }
}
