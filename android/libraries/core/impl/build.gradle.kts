// The api over the generated bindings. Its tests (src/test) run only in the Maven JVM build,
// against the host-built library (cargo xtask test-kotlin), so Gradle does not compile them.
plugins {
    alias(libs.plugins.android.library)
}

android {
    namespace = "cn.cunxin.impl"
    compileSdk = libs.versions.compileSdk.get().toInt()
    defaultConfig { minSdk = libs.versions.minSdk.get().toInt() }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    sourceSets.getByName("test") {
        kotlin.setSrcDirs(emptyList<String>())
        java.setSrcDirs(emptyList<String>())
    }
}

dependencies {
    api(project(":libraries:core:api"))
    implementation(project(":libraries:core:ffi"))
    implementation(libs.kotlinx.coroutines.core)
}
