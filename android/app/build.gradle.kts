// The Android app: a thin shell around the ui screens, with the Rust core built by cargo-ndk.
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
        targetSdk = libs.versions.compileSdk.get().toInt()
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures { compose = true }
}

dependencies {
    implementation(project(":libraries:core:impl"))
    implementation(project(":ui"))
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.activity.compose)
}

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

tasks.named("preBuild") { dependsOn(cargoNdk) }
