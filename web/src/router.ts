import { createRouter, createWebHistory } from 'vue-router';
import { session } from './api';

/** One chunk per page: the township's pages stay light, and ECharts loads only with the dashboard. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/login' },
    { path: '/login', component: () => import('./pages/Login.vue'), meta: { open: true } },
    { path: '/township', component: () => import('./pages/Township.vue') },
    { path: '/department', component: () => import('./pages/Department.vue') },
    { path: '/dashboard', component: () => import('./pages/Dashboard.vue') },
    { path: '/:rest(.*)*', redirect: '/login' },
  ],
});

router.beforeEach((to) => (to.meta.open || session.token ? true : { path: '/login', query: { next: to.fullPath } }));
