// Vite turns `import './styles.css'` into a stylesheet link; TypeScript only needs to know the import exists.
declare module '*.css';
