package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleListTest {
    @TempDir
    Path dir;

    @Test
    void skipsCommentsAndBlankLinesAsTheOriginExampleNeeds() throws Exception {
        Path file = dir.resolve("smoke.txt");
        Files.writeString(file, """
                # Smoke test modules (3 modules for quick testing)
                Mathlib.Algebra.Ring.Basic

                  Mathlib.Data.Nat.Basic \s
                Mathlib.Init.Data.Nat.Lemmas
                """);
        assertEquals(List.of("Mathlib.Algebra.Ring.Basic", "Mathlib.Data.Nat.Basic", "Mathlib.Init.Data.Nat.Lemmas"),
                ModuleList.read(file));
    }

    @Test
    void acceptsLeanIdentifiersWithUnicodeAndPrimes() {
        assertEquals(List.of("Mathlib.Topology.Basic'", "Foo.Bär_2.x!"),
                ModuleList.parse(List.of("Mathlib.Topology.Basic'", "Foo.Bär_2.x!"), "list"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-rf.Evil | starts with '-'",
            "Mathlib/Data/Nat | contains a path separator",
            "Mathlib\\Data | contains a path separator",
            "Mathlib..Data | contains '..'",
            ".Mathlib | has an empty component",
            "Mathlib. | has an empty component",
            "Mathlib.9Lives | has an invalid component '9Lives'",
            "Has Space.X | has an invalid component 'Has Space'",
    })
    void rejectsBadNamesWithTheLineNumber(String name, String problem) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModuleList.parse(List.of("# header", "Good.Module", name), "module list m.txt"));
        assertEquals("module list m.txt line 3: '" + name + "' " + problem,
                e.getMessage().substring(0, ("module list m.txt line 3: '" + name + "' " + problem).length()));
    }

    @Test
    void aListWithoutModulesIsRejected() {
        assertEquals("module list m.txt: no module names (only blank lines and comments)",
                assertThrows(InvalidInputException.class, () -> ModuleList.parse(List.of("# only", ""), "module list m.txt"))
                        .getMessage());
    }

    @Test
    void missingAndBinaryFilesAreNamed() throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertEquals("module list " + missing + ": no such file",
                assertThrows(InvalidInputException.class, () -> ModuleList.read(missing)).getMessage());
        Path binary = dir.resolve("bin.txt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertEquals("module list " + binary + ": not UTF-8 text",
                assertThrows(InvalidInputException.class, () -> ModuleList.read(binary)).getMessage());
    }

    @Test
    void placeholdersAreAHundredValidDistinctNames() {
        assertEquals(100, ModuleList.PLACEHOLDER_MODULES.stream().distinct().count());
        assertEquals(ModuleList.PLACEHOLDER_MODULES, ModuleList.parse(ModuleList.PLACEHOLDER_MODULES, "placeholders"));
        assertEquals("Placeholder.Module000", ModuleList.PLACEHOLDER_MODULES.get(0));
    }
}
