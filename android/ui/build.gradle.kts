// Compose screens over the api, on Jetpack Compose. Its headless desktop tests (src/test) run
// only in the Maven JVM build, so Gradle does not compile them.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "cn.cunxin.ui"
    compileSdk = libs.versions.compileSdk.get().toInt()
    defaultConfig { minSdk = libs.versions.minSdk.get().toInt() }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures { compose = true }
    sourceSets.getByName("test") {
        kotlin.setSrcDirs(emptyList<String>())
        java.setSrcDirs(emptyList<String>())
    }
}

dependencies {
    api(project(":libraries:core:api"))
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.runtime)
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.foundation)
    implementation(libs.androidx.compose.material3)
}
