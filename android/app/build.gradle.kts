// The Android app: thin glue around the shared screens, with the Rust core built by cargo-ndk.
// Not run on the CI machine (no SDK, NDK or Gradle there): Maven compiles the same sources
// against android-all and tests them on Robolectric (app/pom.xml); README.md has both.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "cn.cunxin.app"
    compileSdk = libs.versions.compileSdk.get().toInt()
    defaultConfig {
        applicationId = "cn.cunxin.app"
        minSdk = libs.versions.minSdk.get().toInt()
        targetSdk = libs.versions.targetSdk.get().toInt()
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }
    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures { compose = true }
    // The shared screens and their navigation, compiled into the app as Maven does (app/pom.xml):
    // their src/main only; src/desktop (Skia) is the desktop's. Gradle modules of their own can come later.
    sourceSets["main"].kotlin.srcDirs(
        listOf("libraries/architecture", "libraries/designsystem", "navigation").map { "../$it/src/main/kotlin" } +
            listOf("unlock", "worklist", "household", "facts", "photos", "consents", "estimate", "finalize", "handover", "village", "panel")
                .map { "../features/$it/src/main/kotlin" },
    )
    // The designsystem's label table, read from the classpath by Strings.
    sourceSets["main"].resources.srcDir(layout.buildDirectory.dir("labels"))
    // Robolectric reads the merged manifest and resources AGP writes for unit tests.
    testOptions { unitTests.isIncludeAndroidResources = true }
}

dependencies {
    implementation(project(":libraries:core:impl"))
    implementation(project(":ui"))
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.work.runtime)
    implementation(libs.androidx.biometric)
    implementation(libs.androidx.lifecycle.process)
    implementation(libs.okhttp)

    testImplementation(libs.androidx.work.testing)
    testImplementation(libs.androidx.test.core)
    testImplementation(libs.robolectric)
    testImplementation(libs.junit4)
    testImplementation(libs.kotlinx.coroutines.test)
    // The JUnit 5 tests (key wrapping, OkHttp) run on the vintage + jupiter platform under Gradle too.
    testImplementation(platform("org.junit:junit-bom:5.14.4"))
    testImplementation("org.junit.jupiter:junit-jupiter")
    testRuntimeOnly("org.junit.vintage:junit-vintage-engine")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

tasks.withType<Test>().configureEach { useJUnitPlatform() }

val workspaceDir = rootDir.parentFile
val jniLibsDir = layout.projectDirectory.dir("src/main/jniLibs").asFile

// Builds libcunxin_ffi.so for each ABI into src/main/jniLibs (gitignored). cargo finds the
// workspace by walking up from this directory. Needs the NDK (ANDROID_NDK_HOME) and
// `cargo install cargo-ndk` plus `rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android`.
val cargoNdk by tasks.registering(Exec::class) {
    group = "rust"
    description = "Builds the Cunxin core for arm64-v8a, armeabi-v7a and x86_64 with cargo-ndk."
    workingDir = projectDir
    commandLine(
        "cargo", "ndk", "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64",
        "--platform", libs.versions.minSdk.get(),
        "-o", "src/main/jniLibs", "build", "--release", "-p", "cunxin-ffi",
    )
}

// Generates the Kotlin bindings from the very library the app ships, with the workspace's pinned
// uniffi-bindgen (library mode), into libraries/core/ffi/generated. The host-built test library is not used:
// it carries test-only calls the release library lacks.
val generateUniffiBindings by tasks.registering(Exec::class) {
    group = "rust"
    description = "Generates the uniffi Kotlin bindings into libraries/core/ffi/generated."
    dependsOn(cargoNdk)
    workingDir = workspaceDir.resolve("bindings")
    commandLine(
        "cargo", "run", "--quiet", "-p", "cunxin-ffi", "--bin", "uniffi-bindgen", "--",
        "generate", "--no-format", "--language", "kotlin",
        "--library", jniLibsDir.resolve("arm64-v8a/libcunxin_ffi.so").path,
        "--out-dir", rootDir.resolve("libraries/core/ffi/generated").path,
    )
}

val copyLabels by tasks.registering(Copy::class) {
    from(workspaceDir.resolve("core/src/model/labels.tsv"))
    into(layout.buildDirectory.dir("labels/cn/cunxin/designsystem"))
}

tasks.named("preBuild") { dependsOn(cargoNdk, copyLabels) }
