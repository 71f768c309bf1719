import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Copies the classes inside every Android archive (.aar) of a folder into one class folder:
 * an AAR holds its code as classes.jar (and sometimes libs/*.jar), which neither Maven nor
 * kotlinc reads from the AAR itself. Run with the JDK's single-file launcher:
 * java MergeAarClasses.java AAR_DIR OUT_DIR
 *
 * It also writes each library's R class, which an AAR does not carry (AGP generates it when it
 * builds the app): Compose's views use R ids as view tags, so without R they fail to load on
 * Robolectric. The ids are made up (0x7f, per type, one per name) as AGP's would be; there are
 * no resources behind them, so a library reading a string resource still fails here.
 */
public final class MergeAarClasses {
    public static void main(String[] args) throws IOException {
        Path aars = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        if (!Files.isDirectory(aars)) {
            return;
        }
        // Up to date when the same archives were merged last time (a rebuild without clean).
        java.util.List<Path> all = new java.util.ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(aars, "*.aar")) {
            found.forEach(all::add);
        }
        java.util.Collections.sort(all);
        StringBuilder inputs = new StringBuilder("with R classes\n");
        for (Path aar : all) {
            inputs.append(aar.getFileName()).append(' ').append(Files.size(aar)).append('\n');
        }
        Path stamp = out.resolveSibling(out.getFileName() + ".merged-aars");
        if (Files.exists(stamp) && Files.readString(stamp).contentEquals(inputs)) {
            System.out.println("MergeAarClasses: " + all.size() + " archives in " + out + " are up to date");
            return;
        }
        int archives = 0;
        {
            for (Path aar : all) {
                try (ZipFile zip = new ZipFile(aar.toFile())) {
                    for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                        String name = entry.getName();
                        if (name.equals("classes.jar") || (name.startsWith("libs/") && name.endsWith(".jar"))) {
                            try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                                copyClasses(jar, out);
                            }
                        }
                    }
                    readR(zip);
                }
                archives++;
            }
        }
        Path rSources = Files.createTempDirectory("aar-r");
        java.util.List<String> rFiles = writeR(rSources);
        if (!rFiles.isEmpty()) {
            java.util.List<String> javac = new java.util.ArrayList<>(java.util.List.of("-d", out.toString(), "--release", "17", "-nowarn"));
            javac.addAll(rFiles);
            int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(new String[0]));
            if (status != 0) {
                throw new IOException("javac could not compile the R classes in " + rSources);
            }
        }
        Files.writeString(stamp, inputs);
        System.out.println("MergeAarClasses: " + archives + " archives from " + aars + " into " + out);
    }

    /** One id per type and name, the same for every library that declares it (as in the app's merged R). */
    private static final java.util.Map<String, Integer> IDS = new java.util.HashMap<>();
    private static final java.util.Map<String, Integer> TYPES = new java.util.HashMap<>();

    /** Per package, type and name, the R field declarations the libraries' R.txt files ask for. */
    private static final java.util.Map<String, java.util.Map<String, java.util.Map<String, String>>> FIELDS = new java.util.TreeMap<>();

    /** Adds the library's R.txt to its manifest package's R. */
    private static void readR(ZipFile zip) throws IOException {
        ZipEntry table = zip.getEntry("R.txt");
        ZipEntry manifest = zip.getEntry("AndroidManifest.xml");
        if (table == null || manifest == null) {
            return;
        }
        java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("package=\"([\\w.]+)\"")
            .matcher(new String(zip.getInputStream(manifest).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        if (!pkg.find()) {
            return;
        }
        var types = FIELDS.computeIfAbsent(pkg.group(1), p -> new java.util.TreeMap<>());
        for (String line : new String(zip.getInputStream(table).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            // "int id name 0x0", "int[] styleable Name { 0x0, 0x0 }", "int styleable Name_attr 3"
            String[] parts = line.trim().split(" ", 4);
            if (parts.length < 4) {
                continue;
            }
            String type = parts[1];
            String name = parts[2];
            String value;
            if (parts[0].equals("int[]")) {
                value = "new int[] " + parts[3].replace("0x0", "0");
            } else if (type.equals("styleable")) {
                value = parts[3];
            } else {
                int typeIndex = TYPES.computeIfAbsent(type, t -> TYPES.size() + 1);
                int next = IDS.size() + 1;
                value = "0x" + Integer.toHexString(IDS.computeIfAbsent(type + "/" + name, k -> 0x7f000000 | (typeIndex << 16) | next));
            }
            types.computeIfAbsent(type, t -> new java.util.TreeMap<>()).put(name, "public static " + parts[0] + " " + name + " = " + value + ";");
        }
    }

    /** Writes every package's R.java into [dir]; returns the files. */
    private static java.util.List<String> writeR(Path dir) throws IOException {
        java.util.List<String> files = new java.util.ArrayList<>();
        for (var pkg : FIELDS.entrySet()) {
            StringBuilder java = new StringBuilder("package " + pkg.getKey() + ";\n\npublic final class R {\n");
            pkg.getValue().forEach((type, fields) -> {
                java.append("    public static final class ").append(type).append(" {\n");
                fields.values().forEach(field -> java.append("        ").append(field).append('\n'));
                java.append("    }\n");
            });
            java.append("}\n");
            Path file = dir.resolve(pkg.getKey().replace('.', '/')).resolve("R.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, java);
            files.add(file.toString());
        }
        return files;
    }

    private static void copyClasses(ZipInputStream jar, Path out) throws IOException {
        for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
            String name = entry.getName();
            // Kotlin finds top-level functions through META-INF/*.kotlin_module; the rest of
            // META-INF (manifests, signatures, versions) would only clash.
            boolean kotlinModule = name.startsWith("META-INF/") && name.endsWith(".kotlin_module");
            if (entry.isDirectory() || (name.startsWith("META-INF/") && !kotlinModule)) {
                continue;
            }
            Path target = out.resolve(name).normalize();
            if (!target.startsWith(out)) {
                throw new IOException("entry outside the output folder: " + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy((InputStream) jar, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
