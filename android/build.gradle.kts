// Plugin versions for all modules. Declaring the Kotlin plugin here also pins the Kotlin
// compiler that AGP's built-in Kotlin uses to the version the Maven build uses.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}
