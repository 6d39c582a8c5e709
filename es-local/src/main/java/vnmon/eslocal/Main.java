package vnmon.eslocal;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.BindHttpException;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.BindTransportException;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Elasticsearch node on 127.0.0.1 with its state under a data directory: a single-node
 * cluster, or one member of a cluster on loopback when seed hosts are given.
 *
 * <p>Usage: {@code Main --port 9200 --data DIR [--cluster-name NAME] [--node-name NAME]
 * [--transport-port PORT --seed-hosts HOST:PORT,... [--initial-masters NAME,...]]}.
 * {@code --initial-masters} bootstraps a brand-new cluster; a node that has already joined one ignores it.
 * Exit codes: 0 after a clean SIGTERM shutdown, 2 bad arguments, 3 port taken, 1 any other start failure.
 */
public final class Main {
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_TAKEN = 3;
    private static final String HOST = "127.0.0.1";
    private static final List<String> ZSTD_CANDIDATES = List.of(
        "/lib/x86_64-linux-gnu/libzstd.so.1",
        "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
        "/lib/aarch64-linux-gnu/libzstd.so.1",
        "/usr/lib/aarch64-linux-gnu/libzstd.so.1",
        "/usr/lib64/libzstd.so.1",
        "/usr/lib/libzstd.so.1",
        "/usr/local/lib/libzstd.so.1",
        "/opt/homebrew/lib/libzstd.1.dylib",
        "/usr/local/lib/libzstd.1.dylib"
    );
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, VnmonPlugin.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        // ES logging redirects System.out/err into the log files; keep the console for our own messages.
        PrintStream console = System.out;
        PrintStream errors = System.err;
        try {
            run(args, console, errors);
        } catch (Throwable e) {
            errors.println("es-local: start failed: " + e);
            errors.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(String[] args, PrintStream console, PrintStream errors) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            errors.println("es-local: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (!portIsFree(options.port())) {
            errors.println("es-local: port " + options.port() + " on " + HOST + " is already in use");
            System.exit(EXIT_PORT_TAKEN);
        }
        if (options.transportPort() != null && !portIsFree(options.transportPort())) {
            errors.println("es-local: transport port " + options.transportPort() + " on " + HOST + " is already in use");
            System.exit(EXIT_PORT_TAKEN);
        }
        linkSystemZstd(options.data().toAbsolutePath().resolve("native"), errors);
        Environment environment = prepare(options);
        long started = System.nanoTime();
        Node node = new ClasspathNode(environment, PLUGINS);
        try {
            node.start();
        } catch (BindHttpException e) {
            errors.println("es-local: port " + options.port() + " on " + HOST + " is already in use (" + e.getMessage() + ")");
            errors.flush();
            Runtime.getRuntime().halt(EXIT_PORT_TAKEN);
        } catch (BindTransportException e) {
            errors.println("es-local: transport port " + options.transportPort() + " on " + HOST + " is already in use (" + e.getMessage() + ")");
            errors.flush();
            Runtime.getRuntime().halt(EXIT_PORT_TAKEN);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(node, stopped, console), "es-local-shutdown"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        console.println("es-local: started http://" + HOST + ":" + options.port() + " in " + millis + " ms, data " + options.data());
        console.flush();
        // The node's own threads are daemons: keep the JVM alive until SIGTERM runs the hook.
        stopped.await();
    }

    private static void shutdown(Node node, CountDownLatch stopped, PrintStream console) {
        try {
            node.prepareForClose();
            node.close();
            if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                console.println("es-local: node did not close within 30 s");
            }
        } catch (IOException | InterruptedException e) {
            console.println("es-local: error while stopping: " + e);
        } finally {
            console.println("es-local: stopped");
            console.flush();
            stopped.countDown();
        }
    }

    /**
     * Points ES's native loader at the system's libzstd.
     *
     * <p>ES looks for its own copy under {@code $ES_HOME/lib/platform}, which only the distribution
     * ships; without one all native access is off and {@code index.codec: best_compression} fails.
     */
    private static void linkSystemZstd(Path nativeDir, PrintStream errors) throws IOException {
        // ES's SIMD library (libvec) is not on Maven Central either; without this switch its absence
        // disables all native access, zstd included. Lucene's Panama vector code is used instead.
        if (System.getProperty("org.elasticsearch.nativeaccess.enableVectorLibrary") == null) {
            System.setProperty("org.elasticsearch.nativeaccess.enableVectorLibrary", "false");
        }
        if (System.getProperty("es.nativelibs.path") != null) {
            return;
        }
        for (String candidate : ZSTD_CANDIDATES) {
            Path system = Path.of(candidate);
            if (Files.isReadable(system)) {
                Files.createDirectories(nativeDir);
                Path link = nativeDir.resolve(System.mapLibraryName("zstd"));
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, system);
                System.setProperty("es.nativelibs.path", nativeDir.toString());
                return;
            }
        }
        errors.println("es-local: warning: no system libzstd found (install libzstd1); native access and best_compression are off");
    }

    static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Environment prepare(Options options) throws IOException {
        Path home = options.data().toAbsolutePath();
        Path config = home.resolve("config");
        Files.createDirectories(config);
        Files.createDirectories(home.resolve("logs"));
        try (InputStream in = Main.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        Settings settings = Settings.builder()
            .put("cluster.name", options.clusterName())
            .put("node.name", options.nodeName())
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", HOST)
            .put("http.port", options.port())
            .put("node.processors", Math.min(2, Runtime.getRuntime().availableProcessors()))
            // A nearly full CI disk must not flip indices to read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("indices.breaker.total.use_real_memory", false)
            .put("action.destructive_requires_name", false)
            .put(discovery(options))
            .build();
        Environment environment = new Environment(settings, config);
        LogConfigurator.setNodeName(options.nodeName());
        LogConfigurator.setClusterName(options.clusterName());
        LogConfigurator.configure(environment, false);
        return environment;
    }

    /** Single-node discovery, or the transport port and seed hosts of a cluster member. */
    private static Settings discovery(Options options) {
        if (options.seedHosts().isEmpty()) {
            return Settings.builder()
                .put("transport.port", options.transportPort() == null ? "9300-9400" : options.transportPort().toString())
                .put("discovery.type", "single-node")
                .build();
        }
        Settings.Builder builder = Settings.builder()
            .put("transport.port", options.transportPort())
            .putList("discovery.seed_hosts", options.seedHosts());
        if (!options.initialMasters().isEmpty()) {
            builder.putList("cluster.initial_master_nodes", options.initialMasters());
        }
        return builder.build();
    }

    /** Command-line options. */
    record Options(
        int port,
        Path data,
        String clusterName,
        String nodeName,
        Integer transportPort,
        List<String> seedHosts,
        List<String> initialMasters
    ) {
        static Options parse(String[] args) {
            Integer port = null;
            Path data = null;
            String clusterName = "vnmon-local";
            String nodeName = "vnmon-local-1";
            Integer transportPort = null;
            List<String> seedHosts = List.of();
            List<String> initialMasters = List.of();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> port = parsePort("--port", value);
                    case "--data" -> data = Path.of(value);
                    case "--cluster-name" -> clusterName = value;
                    case "--node-name" -> nodeName = value;
                    case "--transport-port" -> transportPort = parsePort("--transport-port", value);
                    case "--seed-hosts" -> seedHosts = commaList(value);
                    case "--initial-masters" -> initialMasters = commaList(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (port == null || data == null) {
                throw new IllegalArgumentException("usage: Main --port PORT --data DIR [--cluster-name NAME] [--node-name NAME]"
                    + " [--transport-port PORT --seed-hosts HOST:PORT,... [--initial-masters NAME,...]]");
            }
            if (!seedHosts.isEmpty() && transportPort == null) {
                throw new IllegalArgumentException("--seed-hosts needs --transport-port");
            }
            return new Options(port, data, clusterName, nodeName, transportPort, seedHosts, initialMasters);
        }

        private static List<String> commaList(String value) {
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static int parsePort(String flag, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException(flag + " must be 1-65535, got " + value);
        }
    }
}
