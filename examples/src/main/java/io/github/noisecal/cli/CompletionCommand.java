package io.github.noisecal.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for noisecal: its commands, options and option values.",
                "bash: source <(noisecal completion bash)  (or save it under /etc/bash_completion.d/)",
                "zsh:  source <(noisecal completion zsh)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the script was printed", "2:an unknown shell"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The shells a script is printed for. */
    static final List<String> SHELLS = List.of("bash", "zsh");

    @Parameters(paramLabel = "SHELL", completionCandidates = CompletionValues.Shells.class,
            description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("noisecal", spec.root().commandLine());
        switch (shell) {
            case "bash" -> spec.commandLine().getOut().print(script);
            // picocli's script is bash; zsh runs it through its bash-completion emulation.
            case "zsh" -> spec.commandLine().getOut().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new UsageException("completion: unknown shell '" + shell + "'; use bash or zsh");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
