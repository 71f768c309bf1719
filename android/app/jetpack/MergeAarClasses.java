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
        StringBuilder inputs = new StringBuilder();
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
                }
                archives++;
            }
        }
        Files.writeString(stamp, inputs);
        System.out.println("MergeAarClasses: " + archives + " archives from " + aars + " into " + out);
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
