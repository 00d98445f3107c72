package io.github.noisecal.cli;

import io.github.noisecal.calibration.run.StopRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Turns SIGINT, SIGTERM and SIGHUP (a closed ssh session) into a clean stop of the calibration: the first one
 * requests the stop, so the run ends its verifications in flight, keeps its journal and prints how to resume; the
 * exit code is then 128 + the signal's number (130, 143, 129). A second signal ends the process at once, except
 * the same signal again within {@link #REPEAT_WINDOW_NANOS}: {@code timeout(1)}, a closing ssh session and
 * {@code kill -- -PGID} deliver one stop twice (to the process and to its group), and that must still stop cleanly.
 *
 * <p>Java has no portable signal API. On HotSpot {@code sun.misc.Signal} (module {@code jdk.unsupported}) replaces
 * the JVM's own handlers, which would run the shutdown hooks and exit; it is reached by reflection, so the CLI
 * still runs where it is missing, with a shutdown hook as the fallback: the hook requests the stop and waits for
 * the run to wind down. A signal the process was started ignoring (SIGHUP under {@code nohup}) stays ignored. The
 * previous handlers are restored by {@link #close()}.
 */
final class SignalStop implements AutoCloseable {
    /** How long the fallback shutdown hook waits for the run to wind down. */
    private static final long HOOK_WAIT_SECONDS = 30;
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    /** A repeat of the first signal this soon is the same request delivered twice, not a second request. */
    static final long REPEAT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final StopRequest stop;
    private final IntConsumer halt;
    private final LongSupplier nanoTime;
    private final List<Object[]> previous = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int firstSignal;
    private long firstSignalAt;
    private Thread hook;

    private SignalStop(StopRequest stop, IntConsumer halt, LongSupplier nanoTime) {
        this.stop = stop;
        this.halt = halt;
        this.nanoTime = nanoTime;
    }

    /**
     * Installs the handlers; {@code halt} ends the process at once on a second signal, and {@code nanoTime} tells
     * a second signal from the first delivered twice.
     */
    static SignalStop install(StopRequest stop, IntConsumer halt, LongSupplier nanoTime) {
        SignalStop signals = new SignalStop(stop, halt, nanoTime);
        if (!signals.installSignalHandlers()) {
            signals.installShutdownHook();
        }
        return signals;
    }

    /** The default: a second signal halts the JVM without running shutdown hooks. */
    static SignalStop install(StopRequest stop) {
        return install(stop, code -> Runtime.getRuntime().halt(code), System::nanoTime);
    }

    /** The exit code for the signal that stopped the run: 128 + its number; 130 when none was seen. */
    int exitCode() {
        return 128 + (firstSignal == 0 ? 2 : firstSignal);
    }

    /** Called for each signal, by the handler thread the JVM starts for it. */
    void onSignal(String name, int number) {
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (firstSignal != 0) {
                if (number != firstSignal || now - firstSignalAt > REPEAT_WINDOW_NANOS) {
                    halt.accept(128 + number);
                }
                return;
            }
            firstSignal = number;
            firstSignalAt = now;
        }
        stop.request("SIG" + name);
    }

    private boolean installSignalHandlers() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getName = signalClass.getMethod("getName");
            Method getNumber = signalClass.getMethod("getNumber");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle") && args != null && args.length == 1) {
                    onSignal((String) getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]));
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "noisecal signal handler";
                    default -> null;
                };
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                try {
                    Object old = handle.invoke(null, signal, handler);
                    previous.add(new Object[] {signal, old, handle});
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // Ignored at start (SIGHUP under nohup) or reserved by the JVM: leave it as it is.
                }
            }
            return !previous.isEmpty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void installShutdownHook() {
        hook = new Thread(() -> {
            if (stop.request("shutdown")) {
                try {
                    finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "noisecal-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run has wound down: restores the previous handlers (or removes the fallback hook). */
    @Override
    public void close() {
        finished.countDown();
        for (Object[] installed : previous) {
            try {
                ((Method) installed[2]).invoke(null, installed[0], installed[1]);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // The process is about to exit anyway.
            }
        }
        previous.clear();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running: it waits for the latch released above.
            }
        }
    }
}
