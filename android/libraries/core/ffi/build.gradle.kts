// The uniffi-generated bindings (./generated, made by :app:generateUniffiBindings from the
// very libraries the app ships) compiled for Android, with JNA's Android build.
plugins {
    alias(libs.plugins.android.library)
}

android {
    namespace = "cn.cunxin.ffi"
    compileSdk = libs.versions.compileSdk.get().toInt()
    defaultConfig { minSdk = libs.versions.minSdk.get().toInt() }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    sourceSets.getByName("main").kotlin.srcDir("generated")
}

dependencies {
    // The aar carries libjnidispatch.so for each ABI.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
}

tasks.named("preBuild") { dependsOn(":app:generateUniffiBindings") }
