package io.github.noisecal.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example is compiled and run exactly as the README shows it, imports included, against this
 * build's classes: whoever changes the API the example uses must change the README too.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("../README.md");
    private static final String SECTION = "## Using noisecal as a library";
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @Test
    void theLibraryExampleCompilesAndRunsAsShown(@TempDir Path temp) throws Exception {
        String example = libraryExample();
        Matcher name = CLASS_NAME.matcher(example);
        assertTrue(name.find(), "the README's library example declares no public class:\n" + example);
        Path source = temp.resolve("src").resolve(name.group(1) + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, example);
        Path classes = Files.createDirectories(temp.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null, List.of("-classpath", testClassPath(), "-d",
                classes.toString(), "-Xlint:all", "-Werror"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        assertTrue(compiled, () -> "the README's library example does not compile:\n" + diagnostics);

        Path output = Files.createDirectories(temp.resolve("out"));
        String printed = runMain(classes, name.group(1), output);
        assertTrue(printed.startsWith("FAST timeout rate "), printed);
        assertTrue(printed.contains("read back unchanged: true"), printed);
        assertEquals(3_000, Files.readAllLines(output.resolve("raw.jsonl")).stream()
                .filter(line -> line.contains("\"verification_id\"")).count(), "the journal holds every record");
        assertTrue(Files.readString(output.resolve("model.yaml")).startsWith("calibration_metadata:"));
    }

    /** The first Java block of the README's library section. */
    private static String libraryExample() throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf(SECTION);
        assertTrue(section >= 0, "README.md has no section '" + SECTION + "'");
        Matcher block = JAVA_BLOCK.matcher(readme);
        assertTrue(block.find(section), "the README's library section has no ```java block");
        return block.group(1);
    }

    /** The class path surefire runs the tests with (java.class.path is only its booter jar). */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String runMain(Path classes, String className, Path output) throws Exception {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {output.toString()});
        } finally {
            System.setOut(originalOut);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
