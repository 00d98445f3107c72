package io.github.noisecal.cli;

import java.util.Map;

/** A command whose flags become backend settings: which flag set which setting, for messages in the user's words. */
interface SettingFlags {
    /**
     * The flag (or {@code --backend-option KEY}) that set each backend setting of this invocation, and under
     * {@link Messages#MODULE_LIST} the flag that gave the modules.
     */
    Map<String, String> flagsBySetting();
}
